import { visibilitySuite } from '../../src/vitest/visibility-suite.ts';
import { primeVisibilityOptions } from './visibility-options.ts';

visibilitySuite(primeVisibilityOptions, 'visibility_isolation');
