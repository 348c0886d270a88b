// Vault's HTTP layer: a socket server that speaks Vault's wire protocol (LIST included) and a
// fetch handler with the same translation, both in front of a CoreHandler.
export { createHttpServer } from './server.js';
export type { HttpServer, HttpServerOptions, ListenInfo, RequestContext, RequestHook } from './server.js';
export { toFetchHandler } from './fetch-handler.js';
export type { FetchHandlerOptions } from './fetch-handler.js';
export { translate, tokenFromHeaders } from './translate.js';
export type { HttpRequestInput, Translation } from './translate.js';
export type { Reply, HeaderField } from './reply.js';
