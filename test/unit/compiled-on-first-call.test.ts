import Fastify from 'fastify';
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { describe, expect, it } from 'vitest';
import { compiledOnFirstCall } from '../../server/plugins/compiled-on-first-call.ts';

describe('schema functions compiled on their first call', () => {
  it('compiles nothing until the first call, then once', () => {
    let compiles = 0;
    const double = compiledOnFirstCall(() => {
      compiles++;
      return (n: number) => n * 2;
    });
    expect(compiles).toBe(0);
    expect(double(2)).toBe(4);
    expect(double(5)).toBe(10);
    expect(compiles).toBe(1);
  });

  it("reads an Ajv validator's errors and schemaEnv from the compiled validator", () => {
    const validators = AjvCompiler()({}, { customOptions: { allErrors: false } });
    const validate = compiledOnFirstCall(() => validators({ schema: { type: 'object', properties: { k: { type: 'integer' } } }, method: 'GET', url: '/', httpPart: 'querystring' }));
    expect((validate as unknown as { schemaEnv: unknown }).schemaEnv).toBeTruthy();
    expect(validate({ k: 'x' })).toBe(false);
    expect((validate as unknown as { errors: { instancePath: string }[] }).errors[0].instancePath).toBe('/k');
    expect(validate({ k: 3 })).toBe(true);
    expect((validate as unknown as { errors: unknown }).errors).toBeNull();
  });

  it('validates, coerces and serializes in Fastify as the compilers it wraps do', async () => {
    const validators = AjvCompiler();
    const app = Fastify({
      schemaController: {
        compilersFactory: {
          buildSerializer: (...args: Parameters<ReturnType<typeof SerializerSelector>>) => {
            const serializers = SerializerSelector()(...args);
            return (route) => compiledOnFirstCall(() => serializers(route));
          },
        },
      },
    });
    app.setValidatorCompiler((route) => compiledOnFirstCall(() => validators({}, { customOptions: { allErrors: false, coerceTypes: 'array' } })(route)));
    app.get(
      '/sum',
      {
        schema: {
          querystring: { type: 'object', required: ['n'], properties: { n: { type: 'array', items: { type: 'integer' } } } },
          response: { 200: { type: 'object', properties: { sum: { type: 'integer' } } } },
        },
      },
      async (req) => ({ sum: (req.query as { n: number[] }).n.reduce((a, b) => a + b, 0), secret: 'not in the schema' }),
    );
    try {
      // One value is coerced to an array of one integer, as the wrapped Ajv does.
      expect((await app.inject('/sum?n=4')).json()).toEqual({ sum: 4 });
      expect((await app.inject('/sum?n=4&n=5')).json()).toEqual({ sum: 9 });
      const bad = await app.inject('/sum?n=x');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toBe('querystring/n/0 must be integer');
    } finally {
      await app.close();
    }
  });
});
