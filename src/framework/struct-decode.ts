// mapstructure.WeakDecode of request data into a Go struct (what some handlers do with the raw
// data instead of framework fields, e.g. vault/token_store.go handleCreateCommon): the member
// decoders are the framework's own (field-types.ts); failures are collected as mapstructure does.
import { errMsDecoding } from '../errors/framework.js';
import { collect, isNil, weakBool, weakInt, weakMapInto, weakSlice, weakString, type Json } from './field-types.js';

/** The Go kinds a struct member can have here. */
export type StructMember = 'string' | 'bool' | 'int' | 'string_slice' | 'string_map';

/** Every member's failure is collected; the result is mapstructure's `N error(s) decoding:` text. */
export function weakDecodeStruct(data: Readonly<Record<string, unknown>>, members: Readonly<Record<string, StructMember>>): { values: Record<string, unknown>; error?: string } {
  const values: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [name, kind] of Object.entries(members)) {
    const v = data[name];
    try {
      switch (kind) {
        case 'string': values[name] = weakString(name, v); break;
        case 'bool': values[name] = isNil(v) ? undefined : weakBool(name, v); break;
        case 'int': values[name] = weakInt(name, v, 'int'); break;
        case 'string_slice': values[name] = weakSlice(name, v, weakString, '') ?? []; break;
        case 'string_map': {
          const target: { map: Json | null } = { map: null };
          weakMapInto(name, v, target, weakString);
          values[name] = target.map;
          break;
        }
      }
    } catch (e) {
      collect(errors, e);
    }
  }
  return errors.length > 0 ? { values, error: errMsDecoding(errors) } : { values };
}
