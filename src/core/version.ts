// The Vault version minivault reports (seal-status, health, plugin versions): the release whose
// wire behaviour minivault follows.
export const VAULT_VERSION = '1.18.1';
export const BUILD_DATE = '2024-10-29T14:21:31Z';
