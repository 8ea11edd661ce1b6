// Type declarations for the untyped part of a dependency conform calls directly.

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
