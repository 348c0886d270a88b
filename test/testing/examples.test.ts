// Runs the README's example (examples/kgc-service.test.ts) as part of the suite: vitest's include
// is test/**, and importing the file registers its describe blocks here.
import '../../examples/kgc-service.test.js';
