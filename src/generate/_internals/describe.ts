/** @internal The expected value and a one-line description of a keyword of a node, for violations. */
import { shortJson } from './json.ts';
import type { SchemaNode } from './schema-node.ts';

/** What `keyword` of `node` expects, and how to say it in one line. */
export function describeKeyword(node: SchemaNode, keyword: string): { expected: unknown; description: string } {
  const n = node as unknown as Record<string, unknown>;
  switch (keyword) {
    case 'type': {
      const types = [...(node.types ?? [])];
      return { expected: types.length === 1 ? types[0] : types, description: `must be ${types.join(' or ')}` };
    }
    case 'enum':
      return { expected: node.enum, description: `must be one of ${shortJson(node.enum)}` };
    case 'const':
      return { expected: node.const?.value, description: `must be ${shortJson(node.const?.value)}` };
    case 'minimum':
      return { expected: node.minimum, description: `must be >= ${node.minimum}` };
    case 'maximum':
      return { expected: node.maximum, description: `must be <= ${node.maximum}` };
    case 'exclusiveMinimum':
      return { expected: node.exclusiveMinimum, description: `must be > ${node.exclusiveMinimum}` };
    case 'exclusiveMaximum':
      return { expected: node.exclusiveMaximum, description: `must be < ${node.exclusiveMaximum}` };
    case 'minLength':
      return { expected: node.minLength, description: `must be at least ${node.minLength} characters` };
    case 'maxLength':
      return { expected: node.maxLength, description: `must be at most ${node.maxLength} characters` };
    case 'minItems':
      return { expected: node.minItems, description: `must have at least ${node.minItems} items` };
    case 'maxItems':
      return { expected: node.maxItems, description: `must have at most ${node.maxItems} items` };
    case 'format':
      return { expected: node.format, description: `must be a valid ${node.format}` };
    case 'multipleOf':
      return { expected: node.multipleOf[0]?.value, description: `must be a multiple of ${node.multipleOf[0]?.value}` };
    case 'anyOf':
    case 'oneOf':
      return { expected: undefined, description: `matches none of the ${keyword} schemas` };
    case 'required':
      return { expected: node.required, description: 'a required property is missing' };
    case 'additionalProperties':
      return { expected: false, description: 'no undeclared property is allowed' };
    default:
      return { expected: n[keyword], description: `violates ${keyword}` };
  }
}
