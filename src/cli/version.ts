// `minivault version` and the `-v` / `-version` / `--version` flags before any subcommand
// (Vault 1.18 command/version.go, version/version.go FullVersionNumber; hashicorp/cli cli.go Run
// prints the CLI's Version on the help writer, stdout). minivault reports the Vault version it
// implements, `Vault v1.18.1`, with `(minivault)` where Vault prints its git revision; Vault's
// `, built <date>` suffix is left out.
import { httpFlags, type Command } from './command.js';

/** The Vault release minivault implements. */
export const VAULT_VERSION = '1.18.1';

export const VERSION_TEXT = `Vault v${VAULT_VERSION} (minivault)`;

export const versionCommand: Command = {
  name: 'version',
  synopsis: 'Prints the Vault CLI version',
  usage: '',
  hidden: true,
  bareUsage: true,
  help: `
  Prints the version of this Vault CLI. This does not print the target Vault
  server version.

  Print the version:

      $ minivault version

  There are no arguments or flags to this command. Any additional arguments or
  flags are ignored.`,
  flags: [],
  async run(ctx) {
    ctx.ui.output(VERSION_TEXT);
    return 0;
  },
};
