#!/bin/sh
# One-shot Temporal bootstrap for docker-compose.yml, run inside the
# temporalio/admin-tools image (Alpine, busybox sh, temporal + temporal-sql-tool).
#
#   temporal-setup.sh schema     create the temporal and temporal_visibility
#                                databases and bring their schemas up to date
#   temporal-setup.sh namespace  create the namespace and register the
#                                custom search attributes the workflows use
#
# Both steps are idempotent: `docker compose up` runs them again on every start,
# against a database volume that usually already holds everything.
set -eu

# Custom search attributes, one NAME:TYPE a line. Must match the keys declared
# in workflows/search-attributes.ts (tests/compose.test.ts checks this).
SEARCH_ATTRIBUTES='
AccountId:Keyword
ProcessKind:Keyword
VerificationMethod:Keyword
VerificationStatus:Keyword
ReviewOverdue:Bool
PayoutOverdue:Bool
'

log() { printf '[temporal-setup] %s\n' "$*"; }
die() { log "error: $*" >&2; exit 1; }

# retry ATTEMPTS DELAY_SECONDS command...: run the command until it succeeds.
retry() {
  attempts=$1 delay=$2
  shift 2
  n=1
  until "$@"; do
    [ "$n" -ge "$attempts" ] && return 1
    n=$((n + 1))
    sleep "$delay"
  done
}

sql_tool() {
  database=$1
  shift
  temporal-sql-tool --plugin "$DB" --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$database" "$@"
}

create_database() {
  database=$1
  # Recent temporal-sql-tool versions already ignore "duplicate database";
  # older ones fail, so tolerate exactly that error and nothing else.
  if ! output=$(sql_tool "$database" create 2>&1); then
    case "$output" in
      *"already exists"*) log "database $database already exists" ;;
      *) printf '%s\n' "$output" >&2; die "could not create database $database" ;;
    esac
  fi
}

setup_schema() {
  : "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
  : "${POSTGRES_USER:?POSTGRES_USER is required}"
  : "${POSTGRES_PWD:?POSTGRES_PWD is required}"
  DB=${DB:-postgres12}
  DB_PORT=${DB_PORT:-5432}
  schema_root=${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}
  # temporal-sql-tool reads the password from here, keeping it out of `ps`.
  SQL_PASSWORD=$POSTGRES_PWD
  export SQL_PASSWORD

  log "waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT"
  retry 60 2 nc -z -w 2 "$POSTGRES_SEEDS" "$DB_PORT" || die "PostgreSQL is unreachable"

  for pair in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
    database=${pair%%:*}
    versioned="$schema_root/${pair#*:}/versioned"
    [ -d "$versioned" ] || die "schema directory $versioned not found in this image"
    log "database $database: create, setup-schema, update-schema from $versioned"
    create_database "$database"
    # -v 0.0 only records the initial version; it is a no-op once the schema is newer.
    sql_tool "$database" setup-schema -v 0.0
    sql_tool "$database" update-schema -d "$versioned"
  done
  log "schemas are up to date"
}

has_search_attribute() {
  # $1 = `search-attribute list` output, $2 = name
  printf '%s\n' "$1" | grep -qw -- "$2"
}

setup_namespace() {
  address=${TEMPORAL_ADDRESS:-temporal:7233}
  namespace=${TEMPORAL_NAMESPACE:-default}
  retention=${TEMPORAL_NAMESPACE_RETENTION:-720h}

  log "waiting for the Temporal frontend at $address"
  retry 90 2 temporal operator cluster health --address "$address" >/dev/null 2>&1 \
    || die "Temporal at $address never became healthy"

  if temporal operator namespace describe --namespace "$namespace" --address "$address" >/dev/null 2>&1; then
    log "namespace $namespace already exists"
  else
    log "creating namespace $namespace (retention $retention)"
    # Tolerate a concurrent creation: what matters is that it exists afterwards.
    temporal operator namespace create --namespace "$namespace" --retention "$retention" --address "$address" \
      || temporal operator namespace describe --namespace "$namespace" --address "$address" >/dev/null \
      || die "could not create namespace $namespace"
  fi

  # A new namespace takes a few seconds to reach every frontend cache.
  retry 30 2 temporal operator search-attribute list --namespace "$namespace" --address "$address" >/dev/null 2>&1 \
    || die "namespace $namespace is not usable"
  existing=$(temporal operator search-attribute list --namespace "$namespace" --address "$address")

  # Register the missing attributes in one call of --name/--type pairs: each
  # --name takes the --type that follows it (a lone --type does not apply to
  # several names). Filtering first keeps this safe on servers that reject
  # re-registering an existing attribute.
  set --
  for pair in $SEARCH_ATTRIBUTES; do
    name=${pair%%:*}
    if has_search_attribute "$existing" "$name"; then
      log "search attribute $name already registered"
    else
      set -- "$@" --name "$name" --type "${pair#*:}"
    fi
  done
  if [ "$#" -gt 0 ]; then
    log "registering search attributes: $*"
    retry 10 3 temporal operator search-attribute create --namespace "$namespace" --address "$address" "$@" \
      || die "could not register search attributes"
  fi

  existing=$(temporal operator search-attribute list --namespace "$namespace" --address "$address")
  for pair in $SEARCH_ATTRIBUTES; do
    has_search_attribute "$existing" "${pair%%:*}" || die "search attribute ${pair%%:*} is missing after registration"
  done
  log "namespace $namespace is ready"
}

case "${1:-}" in
  schema) setup_schema ;;
  namespace) setup_namespace ;;
  *) die "usage: $0 schema|namespace" ;;
esac
