// The test fake hands out some real objects as knobs (the token and policy stores, KV's direct
// API). Class methods lose `this` when destructured (`const { lookup } = vault.tokens`), so they
// are handed out through a view whose methods are bound to the object.
export function bindMethods<T extends object>(target: T): T {
  const bound = new WeakMap<object, unknown>();
  return new Proxy(target, {
    get(t, key) {
      // One bound function per method for the life of this view.
      const value: unknown = Reflect.get(t, key, t);
      if (typeof value !== 'function') return value;
      let fn = bound.get(value);
      if (fn === undefined) {
        fn = (value as (...args: unknown[]) => unknown).bind(t);
        bound.set(value, fn);
      }
      return fn;
    },
  });
}
