// Vault error strings of the logical backend framework, each with its upstream source, plus the
// Go-library texts that reach clients through its field validation. SDK = hashicorp/vault sdk/;
// LIB = mitchellh/mapstructure v1.5.0, hashicorp/go-secure-stdlib parseutil v0.1.8 and Go's
// strconv, time and io packages. Callers pass already-quoted strings where Go prints `%q`.

// SDK framework/backend.go HandleRequest: the error response for a failed FieldData.Validate
export const errFwFieldValidation = (detail: string): string => `Field validation failed: ${detail}`;
// SDK framework/field_data.go Validate: `%v` of the raw value, `%q` of the field name. Field names
// are schema keys (ASCII identifiers), for which `%q` is the name in double quotes.
export const errFwFieldConversion = (input: string, field: string, cause: string): string =>
  `error converting input ${input} for field "${field}": ${cause}`;
// SDK framework/backend.go HandleRequest (warnings; `%v` of a []string is `[a b]`)
export const warnFwIgnoredParams = (names: readonly string[]): string =>
  `Endpoint ignored these unrecognized parameters: [${names.join(' ')}]`;
export const warnFwReplacedParams = (names: readonly string[]): string =>
  `Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [${names.join(' ')}]`;
// SDK framework/field_data.go Get / GetDefaultOrZero (a panic in Go: a programming error)
export const errFwFieldNotInSchema = (name: string): string => `field ${name} not in the schema`;
// SDK framework/field_data.go GetOk (a panic in Go: the field was not validated first)
export const errFwReadingField = (name: string, cause: string): string => `error reading ${name}: ${cause}`;

// ---- field types (SDK framework/field_data.go getPrimitive) -----------------------------------------
// TypeDurationSecond
export const errFwNegativeDuration = (n: number): string => `cannot provide negative value '${n}'`;
// TypeNameString
export const ERR_FW_NAME_FORMAT = 'field does not match the formatting rules';
// TypeKVPairs and TypeHeader (`%q` of the pair)
export const errFwInvalidKeyPair = (quotedPair: string): string => `invalid key pair ${quotedPair}`;
// TypeHeader toHeader: `%s` of the offending value (group)
export const errFwHeaderNonString = (key: string, group: string): string =>
  `received non-string value for header key:${key}, val:${group}`;
export const errFwHeaderUnrecognized = (group: string): string => `unrecognized type for ${group}`;

// ---- go-secure-stdlib parseutil v0.1.8 (parseutil.go) ----------------------------------------------
// ParseDurationSecond: neither a string nor a number
export const ERR_PARSEUTIL_DURATION_INPUT = 'could not parse duration from input';
// ParseAbsoluteTime: a string that is neither RFC 3339 nor epoch seconds
export const ERR_PARSEUTIL_TIME_STRING = 'could not parse string as date and time';
// ParseAbsoluteTime: neither a string nor a number
export const ERR_PARSEUTIL_TIME_INPUT = 'could not parse time from input type';

// ---- mitchellh/mapstructure v1.5.0 (mapstructure.go decodeInt, decodeBool, decodeString, decodeMap;
// error.go Error) ---------------------------------------------------------------------------------
export const errMsCannotParse = (name: string, kind: string, cause: string): string =>
  `cannot parse '${name}' as ${kind}: ${cause}`;
export const errMsUnconvertible = (name: string, want: string, got: string, value: string): string =>
  `'${name}' expected type '${want}', got unconvertible type '${got}', value: '${value}'`;
export const errMsExpectedMap = (name: string, kind: string): string => `'${name}' expected a map, got '${kind}'`;
/** mapstructure's Error: the collected messages, bulleted and sorted. */
export function errMsDecoding(errors: readonly string[]): string {
  const points = errors.map((e) => `* ${e}`).sort();
  return `${errors.length} error(s) decoding:\n\n${points.join('\n')}`;
}

// ---- Go standard library ---------------------------------------------------------------------------
// strconv atoi.go NumError.Error (fn is ParseInt, ParseBool, ParseFloat…; `%q` of the input)
export const errGoStrconvSyntax = (fn: string, quoted: string): string => `strconv.${fn}: parsing ${quoted}: invalid syntax`;
export const errGoStrconvRange = (fn: string, quoted: string): string => `strconv.${fn}: parsing ${quoted}: value out of range`;
// time format.go ParseDuration (quoted with the time package's own quote)
export const errGoDurationInvalid = (quoted: string): string => `time: invalid duration ${quoted}`;
export const errGoDurationMissingUnit = (quoted: string): string => `time: missing unit in duration ${quoted}`;
export const errGoDurationUnknownUnit = (quotedUnit: string, quoted: string): string =>
  `time: unknown unit ${quotedUnit} in duration ${quoted}`;
// io.EOF: what encoding/json's Decoder returns for an empty input (TypeHeader given "")
export const ERR_GO_EOF = 'EOF';
