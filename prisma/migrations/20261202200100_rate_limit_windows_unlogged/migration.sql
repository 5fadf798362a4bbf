-- The rate-limit windows need no durability, and writing them durably cost
-- every limited request a WAL flush (scripts/bench/rate-limit.ts, BENCHMARKS.md:
-- about 5 ms at p50 on the shared machine). UNLOGGED: no WAL, so no flush to
-- wait for. What it gives up is only counts: PostgreSQL empties an unlogged
-- table after a crash, and a standby promoted by a failover starts it empty,
-- so callers get a fresh window then, as after the minute runs out.
ALTER TABLE "rate_limit_windows" SET UNLOGGED;
