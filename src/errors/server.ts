// Vault error strings for `vault server`: configuration loading, storage and listener set-up,
// TLS files, dev TLS (vault = hashicorp/vault 1.18.1; go = the Go standard library it is built
// with, whose os, crypto/tls and strconv texts reach the user unchanged).

// vault command/server.go parseConfig
export const errServerLoadConfig = (path: string, cause: string): string => `error loading configuration from ${path}: ${cause}`;
// vault command/server/config.go LoadConfigDir
export const errServerLoadDirEntry = (file: string, cause: string): string => `error loading ${JSON.stringify(file)}: ${cause}`;
// vault command/server/config.go ParseStorage (wrapped as "error parsing 'storage': …")
export const errServerOnlyOneBlock = (name: string): string => `only one ${JSON.stringify(name)} block is permitted`;
export const errServerParsingBlock = (name: string, cause: string): string => `error parsing '${name}': ${cause}`;
// vault command/server/config.go ParseConfig (hcl.DecodeObject on a non-object root)
export const ERR_SERVER_NO_ROOT_OBJECT = "error parsing: file doesn't contain a root object";
// vault command/server.go Run
export const ERR_SERVER_NO_CONFIG = 'Must specify at least one config path using -config';
export const ERR_SERVER_NO_STORAGE = 'A storage backend must be specified';
export const errServerUnknownStorage = (type: string): string => `Unknown storage type ${type}`;
export const errServerStorageInit = (type: string, cause: string): string => `Error initializing storage of type ${type}: ${cause}`;
// sdk/physical/file/file.go NewFileBackend, physical/raft/raft.go NewRaftBackend
export const ERR_SERVER_PATH_MUST_BE_SET = "'path' must be set";
// vault command/server.go setupStorage (raft without a cluster address)
export const ERR_SERVER_RAFT_CLUSTER_ADDR = 'Cluster address must be set when using raft storage';
// vault vault/core.go NewCore (wrapped by command/server.go as "Error initializing core: …")
export const ERR_SERVER_DEFAULT_OVER_MAX = 'cannot have DefaultLeaseTTL larger than MaxLeaseTTL';
export const errServerCoreInit = (cause: string): string => `Error initializing core: ${cause}`;
// helper/logging/logger.go ParseLogLevel, ParseLogFormat
export const errServerLogLevel = (v: string): string => `unknown log level: ${v}`;
export const errServerLogFormat = (v: string): string => `unknown log format: ${v}`;
// internalshared/configutil/lint.go ConfigError.String, logged by command/server.go Run
export const warnServerUnknownField = (key: string, where: string): string =>
  `[WARN]  unknown or unsupported field ${key} found in configuration at ${where}`;
// internalshared/configutil/config.go ParseConfig, listener.go ParseListeners, parseType, parse*Settings
export const errServerListenersPrefix = (index: number, cause: string): string => `listeners: listeners.${index}: ${cause}`;
export const ERR_SERVER_LISTENER_TYPE_REQUIRED = 'listener type must be specified';
export const errServerListenerType = (type: string): string => `unsupported listener type ${JSON.stringify(type)}`;
export const errServerInvalidValue = (key: string, cause: string): string => `invalid value for ${key}: ${cause}`;
export const errServerParsingValue = (key: string, cause: string): string => `error parsing ${key}: ${cause}`;
export const ERR_SERVER_NEGATIVE_DURATION = 'max_request_duration cannot be negative';
// go strconv.ParseInt through parseutil, for a value that is not text at all
export const errGoParseInt = (v: string): string => `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`;
// vault command/server.go InitListeners / listener_tcp.go tcpListenerFactory
export const errServerListenerInit = (type: string, cause: string): string => `Error initializing listener of type ${type}: ${cause}`;
export const errServerListenTcp = (addr: string, cause: string): string => `listen tcp ${addr}: bind: ${cause}`;
// go-secure-stdlib reloadutil CertificateGetter.Reload, go crypto/tls LoadX509KeyPair and os.Open
export const errServerLoadTlsCert = (cause: string): string => `error loading TLS cert: ${cause}`;
export const errGoOpen = (path: string, cause: string): string => `open ${path}: ${cause}`;
export const ERR_TLS_NO_CERT_PEM = 'tls: failed to find any PEM data in certificate input';
export const ERR_TLS_NO_KEY_PEM = 'tls: failed to find any PEM data in key input';
export const ERR_TLS_KEY_MISMATCH = 'tls: private key does not match public key';
// minivault: Vault prompts for the passphrase of an encrypted key on the terminal
export const ERR_TLS_ENCRYPTED_KEY = 'minivault does not support passphrase-protected TLS keys (Vault prompts for the passphrase); decrypt the key file first';
// internalshared/listenerutil/listener.go TLSConfig
export const errServerTlsMinVersion = (v: string): string =>
  `'tls_min_version' value ${JSON.stringify(v)} not supported, please specify one of [tls10,tls11,tls12,tls13]`;
export const errServerTlsMaxVersion = (v: string): string =>
  `'tls_max_version' value ${JSON.stringify(v)} not supported, please specify one of [tls10,tls11,tls12,tls13]`;
export const ERR_SERVER_TLS_MAX_BELOW_MIN = "'tls_max_version' must be greater than or equal to 'tls_min_version'";
export const ERR_SERVER_TLS_CLIENT_EXCLUSIVE = "'tls_disable_client_certs' and 'tls_require_and_verify_client_cert' are mutually exclusive";
export const errServerReadClientCa = (cause: string): string => `failed to read tls_client_ca_file: ${cause}`;
export const ERR_SERVER_PARSE_CLIENT_CA = 'failed to parse CA certificate in tls_client_ca_file';
// minivault: what it does not serve, said plainly
export const errServerUnsupportedStorage = (type: string): string =>
  `minivault does not support storage type ${JSON.stringify(type)}: use "inmem", "file" or "raft" (served by the file backend)`;
export const errServerUnsupportedListener = (type: string): string =>
  `minivault does not support listener type ${JSON.stringify(type)}: only "tcp"`;
export const errServerUnsupportedSeal = (stanza: string): string =>
  `minivault does not support the ${stanza} stanza (auto-unseal and HSM seals); it seals with Shamir keys only ("seal \"shamir\"" or no seal stanza)`;
export const errServerUnsupportedStanza = (key: string): string =>
  `[WARN]  minivault does not support the ${JSON.stringify(key)} stanza; it is accepted and ignored`;
export const warnServerIgnoredField = (key: string, where: string): string =>
  `[WARN]  minivault does not implement ${key} (at ${where}); it is accepted and has no effect`;
export const warnServerNoUi = (where: string): string =>
  `[WARN]  minivault has no web UI: ui = true (at ${where}) is accepted and /ui is not served`;
// vault command/server.go determineRedirectAddr
export const WARN_SERVER_NO_API_ADDR = '[WARN]  no `api_addr` value specified in config or in VAULT_API_ADDR; falling back to detection if possible, but this value should be manually set';
// minivault: Vault mlocks its memory unless disable_mlock is set
export const WARN_SERVER_NO_MLOCK = '[WARN]  minivault does not lock its memory (mlock): secrets in memory may be swapped to disk; set disable_mlock = true to acknowledge';
// vault command/server.go initDevCore: persistent storage already holding a vault
export const ERR_SERVER_DEV_ALREADY_INIT = 'Error initializing Dev mode: Vault is already initialized';
// go net/http server.go (*conn).serve: plain HTTP sent to a TLS listener
export const HTTP_TO_HTTPS_REPLY = 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n';
// go net/http server.go (*conn).serve: a request line that does not parse (a TLS hello on a plain port)
export const HTTP_BAD_REQUEST_REPLY = 'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request';
