// TEMPORARY re-export while other helpers' files still import this path; removed once re-pointed.
export { goEscapeJson } from '../go/json.js';
