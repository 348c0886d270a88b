// `minivault path-help [options] PATH` (Vault 1.18 command/path_help.go over api/help.go): GET
// /v1/<path>?help=1 and print its `help` text, or with -format=json its `openapi` object as Go's
// json.Marshal writes it (compact, `<>&` escaped). A sealed server gets Vault's own paragraph.
import { ERR_CLI_PATH_HELP, ERR_CLI_PATH_HELP_SEALED, errCliNotEnoughArgs, errCliTooManyArgs } from '../errors/cli.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command } from './command.js';
import { sanitizePath } from './kv-common.js';

/** encoding/json's HTML-safe escaping of a compact document. */
const goCompactJson = (v: unknown): string =>
  JSON.stringify(v ?? null).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export const pathHelpCommand: Command = {
  name: 'path-help',
  synopsis: 'Retrieve API help for paths',
  usage: 'PATH',
  help: `
  Retrieves API help for paths. All endpoints in Vault provide built-in help
  in markdown format. This includes system paths, secret engines, and auth
  methods.

  Get help for the thing mounted at database/:

      $ minivault path-help database/

  The response object will return additional paths to retrieve help:

      $ minivault path-help database/roles/

  Each secret engine produces different help output.

  If -format is specified as JSON, the output will be in OpenAPI format.`,
  flags: [httpFlags(), outputFlags()],
  async run(ctx) {
    const n = ctx.args.length;
    if (n !== 1) {
      ctx.ui.error(n < 1 ? errCliNotEnoughArgs('1', n) : errCliTooManyArgs('1', n));
      return 1;
    }
    const path = sanitizePath(ctx.args[0]!);
    let body: Record<string, unknown>;
    try {
      body = (await ctx.client().json('GET', path, { query: { help: '1' } }) ?? {}) as Record<string, unknown>;
    } catch (e) {
      if (errorMessage(e).includes('Vault is sealed')) {
        ctx.ui.error(ERR_CLI_PATH_HELP_SEALED);
        return 2;
      }
      return fail(ctx, ERR_CLI_PATH_HELP, e);
    }
    if (ctx.format === 'json') ctx.ui.output(goCompactJson(body.openapi));
    else ctx.ui.output(typeof body.help === 'string' ? body.help : '');
    return 0;
  },
};
