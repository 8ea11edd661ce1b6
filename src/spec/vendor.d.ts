// Type declarations for the untyped parts of two dependencies conform calls directly.

declare module '@apidevtools/swagger-parser/lib/validators/schema.js' {
  /** swagger-parser's JSON Schema validation of a whole API against the OpenAPI 2.0/3.0/3.1 meta-schemas. */
  function validateSchema(api: object): void;
  export default validateSchema;
}

declare module 'swagger2openapi' {
  interface ConvertOptions {
    patch?: boolean;
    warnOnly?: boolean;
    direct?: boolean;
    resolveInternal?: boolean;
    [option: string]: unknown;
  }
  interface Converter {
    convertObj(swagger: object, options: ConvertOptions): Promise<{ openapi: Record<string, unknown> }>;
  }
  const converter: Converter;
  export default converter;
}
