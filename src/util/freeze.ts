// TEMPORARY re-export while other helpers' files still import this path; removed once re-pointed.
export { copyJson, deepFreeze } from '../go/object.js';
