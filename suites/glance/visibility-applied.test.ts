import { visibilitySuite } from '../../src/run/semantic/visibility-suite.ts';
import { glanceVisibilityOptions } from './visibility-options.ts';

visibilitySuite(glanceVisibilityOptions, 'visibility_applied');
