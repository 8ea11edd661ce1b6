import { visibilitySuite } from '../../src/vitest/visibility-suite.ts';
import { glanceVisibilityOptions } from './visibility-options.ts';

visibilitySuite(glanceVisibilityOptions, 'visibility_applied');
