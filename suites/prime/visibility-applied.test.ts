import { visibilitySuite } from '../../src/run/semantic/visibility-suite.ts';
import { primeVisibilityOptions } from './visibility-options.ts';

visibilitySuite(primeVisibilityOptions, 'visibility_applied');
