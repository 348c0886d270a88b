// TEMPORARY re-export while other helpers' files still import this path; removed once re-pointed.
export { parseDurationSecond as parseDuration } from '../go/parseutil.js';
export { formatGoDuration, humanDuration } from '../go/time.js';
