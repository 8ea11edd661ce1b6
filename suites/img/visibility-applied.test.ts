import { visibilitySuite } from '../../src/vitest/visibility-suite.ts';
import { imgVisibilityOptions } from './visibility-options.ts';

visibilitySuite(imgVisibilityOptions, 'visibility_applied');
