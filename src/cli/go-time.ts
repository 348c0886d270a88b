// Go time.Time as the CLI handles the one time the api.Secret struct decodes itself: the
// `creation_time` of wrap info (api/secret.go SecretWrapInfo). The JSON text is parsed with
// time.RFC3339 (Go's time.Parse: `Z` means UTC; an offset means the local zone when the local
// zone has that offset at that instant, else a nameless fixed zone) and printed either by
// Time.String (`2006-01-02 15:04:05.999999999 -0700 MST`, table rows) or by Time.MarshalJSON /
// Format(RFC3339Nano) (JSON output and `-field`).

export interface GoTime {
  /** `2026-01-01`, `12:00:00`: the wall clock in the parsed zone. */
  date: string;
  clock: string;
  /** The fractional second with trailing zeros removed (`.123`), or ''. */
  fraction: string;
  /** Minutes east of UTC. */
  offsetMinutes: number;
  /** The zone's abbreviation, '' for a fixed nameless zone. */
  zoneName: string;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** English locales whose short zone names between them cover the usual tzdata abbreviations. */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];

/**
 * The local zone's abbreviation at an instant (`CEST`, `EDT`, `IST`), as far as Intl knows one;
 * '' when it only knows `GMT+9`-style names (Go's tzdata may still have one, e.g. `JST`).
 */
function localZoneName(ms: number): string {
  for (const locale of ZONE_NAME_LOCALES) {
    try {
      const parts = new Intl.DateTimeFormat(locale, { timeZoneName: 'short' }).formatToParts(new Date(ms));
      const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
      if (/^[A-Z]{2,5}$/.test(name) && !name.startsWith('GMT')) return name;
      if (name === 'GMT' || name === 'UTC') return 'UTC';
    } catch {
      return '';
    }
  }
  return '';
}

/** time.Parse(time.RFC3339, s); undefined when Go would refuse the text. */
export function parseGoTime(s: string): GoTime | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const date = m[1]!;
  const clock = m[2]!;
  if (m[4] === 'Z') return { date, clock, fraction: fraction === '.' ? '' : fraction, offsetMinutes: 0, zoneName: 'UTC' };
  const sign = m[4]!.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(m[4]!.slice(1, 3)) * 60 + Number(m[4]!.slice(4, 6)));
  const instant = Date.parse(`${date}T${clock}${m[4]}`);
  const localOffset = Number.isNaN(instant) ? Number.NaN : -new Date(instant).getTimezoneOffset();
  const zoneName = localOffset === offsetMinutes ? localZoneName(instant) : '';
  return { date, clock, fraction: fraction === '.' ? '' : fraction, offsetMinutes, zoneName };
}

function numericOffset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

/** Time.String(): `2026-01-01 00:00:00 +0000 UTC`; a nameless zone repeats the offset. */
export function goTimeString(t: GoTime): string {
  const offset = numericOffset(t.offsetMinutes, false);
  return `${t.date} ${t.clock}${t.fraction} ${offset} ${t.zoneName || offset}`;
}

/** Format(time.RFC3339Nano): `2026-01-01T00:00:00.5Z`, `…-04:00`. */
export function goTimeRfc3339Nano(t: GoTime): string {
  const zone = t.offsetMinutes === 0 ? 'Z' : numericOffset(t.offsetMinutes, true);
  return `${t.date}T${t.clock}${t.fraction}${zone}`;
}

/** Go's zero Time, what an absent or null time decodes to. */
const ZERO_TIME: GoTime = { date: '0001-01-01', clock: '00:00:00', fraction: '', offsetMinutes: 0, zoneName: 'UTC' };

function wireTime(v: unknown): GoTime | undefined {
  if (v === undefined || v === null) return ZERO_TIME;
  return typeof v === 'string' ? parseGoTime(v) : undefined;
}

/** A wire time as Time.String shows it; text Go could not parse is shown as sent. */
export function wireTimeString(v: unknown): string {
  const t = wireTime(v);
  return t ? goTimeString(t) : String(v);
}

/** A wire time re-encoded as Time.MarshalJSON writes it; text Go could not parse is kept. */
export function wireTimeRfc3339Nano(v: unknown): unknown {
  const t = wireTime(v);
  return t ? goTimeRfc3339Nano(t) : v;
}
