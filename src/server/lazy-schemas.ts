// Route schemas compiled on a route's first request instead of when the server starts. Fastify
// compiles every route's body, query, params and headers validators (Ajv) and response serializers
// (fast-json-stringify) at start-up: generated code for some 350 schemas, most of them the
// console's API, which a chat process may never answer. That was about a fifth of the start-up's
// CPU, and its generated code and garbage stayed in the process's memory. The compilers are the
// same ones, with the same options: a request is checked and a reply written exactly as before,
// only later; a schema that cannot compile fails its route's first request instead of the start
// (test/route-schemas.test.ts compiles every route's schemas).
import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Validator = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };

/**
 * `atStart`: compile as Fastify does by default, when the server starts (the test that every
 * route's schemas compile); `compiled` counts the schemas compiled so far.
 */
export const schemaCompilation = { atStart: false, compiled: 0 };

const compileSerializers = SerializerSelector();

/** Fastify's serializer factory (`compilersFactory.buildSerializer`), each serializer compiled on first use. */
export function lazySerializers(externalSchemas?: unknown, options?: SerializerSelector.Options): SerializerSelector.SerializerCompiler {
  const compileNow = compileSerializers(externalSchemas, options);
  const compile: SerializerSelector.SerializerCompiler = (route) => {
    schemaCompilation.compiled++;
    return compileNow(route);
  };
  if (schemaCompilation.atStart) return compile;
  return (route) => {
    let serialize: SerializerSelector.Serializer | undefined;
    return (data) => {
      serialize ??= compile(route);
      return serialize(data);
    };
  };
}

/** A Fastify validator factory for one app (`compilersFactory.buildValidator`), each validator compiled on first use. */
export function lazyValidators(): ValidatorFactory {
  // One pool of Ajv instances per app, as Fastify's default keeps one per instance: Ajv holds every
  // schema it compiled, so a pool shared by apps (the tests build many) would only grow.
  const compileValidators = AjvCompiler();
  return (externalSchemas, options) => lazyValidator(compileValidators(externalSchemas, options));
}

/**
 * A validator compiler whose validators compile on their first call. Fastify reads a failed
 * validation's `errors` from the function it was given, so they are copied from the compiled one
 * (after an asynchronous one settles too), and passes the value's parent to a function with
 * Ajv's `schemaEnv`, so this one has it and hands the parent on to an Ajv validator.
 */
export function lazyValidator<Route, V extends (data: never) => unknown>(compileNow: (route: Route) => V): (route: Route) => V {
  const compile = (route: Route): V => {
    schemaCompilation.compiled++;
    return compileNow(route);
  };
  if (schemaCompilation.atStart) return compile;
  return (route) => {
    let compiled: Validator | undefined;
    const validate: Validator = (data, context) => {
      compiled ??= compile(route) as unknown as Validator;
      const inner = compiled;
      // Ajv's validators take their value's parent, so that they can change a root value
      // (coercion); Fastify passes it to functions that have Ajv's `schemaEnv`, as this one says.
      const result = inner.schemaEnv === undefined ? inner(data) : inner(data, context);
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            validate.errors = inner.errors;
            return value;
          },
          (error: unknown) => {
            validate.errors = inner.errors;
            throw error;
          },
        );
      }
      validate.errors = inner.errors;
      return result;
    };
    validate.schemaEnv = true;
    return validate as unknown as V;
  };
}
