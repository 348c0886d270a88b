// TEMPORARY re-export while other helpers' files still import this path; removed once re-pointed.
export { GoLibError, goParseBool, goParseInt, goParseIntBig, goQuote, isGoPrintable, isGoPrintableString } from '../go/strconv.js';
export { goDurationSeconds, goParseDurationNs, goParseRfc3339 } from '../go/time.js';
