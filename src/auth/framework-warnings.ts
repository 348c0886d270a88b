// The two warnings Vault's sdk/framework adds to any non-empty response (backend.go HandleRequest):
// request fields the endpoint does not know, and body fields overwritten by a value captured from
// the URL path (node-vault's addPolicy sends `name` in the body and gets the second one).
import { warnAuthIgnoredParams, warnAuthReplacedParams } from '../errors/auth.js';

/** The warnings for `data` against an endpoint's fields and the path captures it has. */
export function frameworkWarnings(
  data: Record<string, unknown> | undefined,
  fields: readonly string[],
  captured: readonly string[] = [],
): string[] {
  const keys = Object.keys(data ?? {});
  const ignored = keys.filter((k) => !fields.includes(k) && !captured.includes(k)).sort();
  const replaced = keys.filter((k) => captured.includes(k)).sort();
  const out: string[] = [];
  if (ignored.length > 0) out.push(warnAuthIgnoredParams(ignored));
  if (replaced.length > 0) out.push(warnAuthReplacedParams(replaced));
  return out;
}
