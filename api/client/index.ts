// A typed client of this API, generated from its own OpenAPI document: schema.d.ts holds the
// bindings (`npm run generate-client`), openapi-fetch makes the calls. Paths, parameters, bodies
// and answers are checked by tsc, so a contract change that breaks a caller breaks the build.
// The demo drives the system through it (scripts/demo); an integrator makes the same from
// /openapi.json (README, "Integrating").
import createClient, { type Client, type ClientOptions, type ClientPathsWithMethod, type MethodResponse } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths } from './schema';
export type ApiClient = Client<paths>;
export type Schemas = components['schemas'];
/** What a successful call answers, as the client types it: `Answer<'get', '/v1/processes/{processId}'>`. */
export type Answer<M extends 'get' | 'post', P extends ClientPathsWithMethod<ApiClient, M>> = MethodResponse<ApiClient, M, P>;

export interface ApiClientOptions {
  /** Where the API answers, e.g. http://localhost:3000 */
  baseUrl: string;
  /** A bearer token (holder or operator); none for webhooks and the sandbox stand-ins. */
  token?: string;
  /** Another fetch, e.g. one that turns a refused connection into a clearer error. */
  fetch?: ClientOptions['fetch'];
}

export function createApiClient({ baseUrl, token, fetch }: ApiClientOptions): ApiClient {
  return createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), headers: token ? { authorization: `Bearer ${token}` } : {}, ...(fetch ? { fetch } : {}) });
}

type UploadFields = operations['uploadDocument']['requestBody']['content']['multipart/form-data'];

/**
 * openapi-fetch sends bodies as JSON; an upload (POST /v1/documents) is multipart. Pass this as its
 * `bodySerializer`: the body's `file` is the file name the bytes are sent under.
 */
export function uploadForm(bytes: Blob): (body: UploadFields) => FormData {
  return (body) => {
    const form = new FormData();
    form.set('purpose', body.purpose);
    if (body.accountId !== undefined) form.set('accountId', body.accountId);
    form.set('file', bytes, body.file);
    return form;
  };
}
