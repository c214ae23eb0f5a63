/**
 * A route's validator or serializer compiled on its first call rather than when the route is registered: the
 * server starts without compiling the few hundred schemas of its routes (half a second of start-up), and each route
 * pays for its own, a few milliseconds, on its first request. Fastify reads `schemaEnv` and `errors` off an Ajv
 * validator: they are the compiled function's.
 */
export function compiledOnFirstCall<F extends (...args: never[]) => unknown>(compile: () => F): F {
  let compiled: F | undefined;
  const get = () => (compiled ??= compile());
  const onFirstCall = function (this: unknown, ...args: Parameters<F>) {
    return get().apply(this, args);
  };
  for (const key of ['schemaEnv', 'errors']) {
    Object.defineProperty(onFirstCall, key, { get: () => (get() as unknown as Record<string, unknown>)[key] });
  }
  return onFirstCall as unknown as F;
}
