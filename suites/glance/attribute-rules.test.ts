import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceAttributeRuleProperties, glanceAttributeRulesPlan } from './attribute-rules-plan.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';

semanticSuite({
  title: 'glance attribute rules',
  fileTag: 'glance-attribute-rules',
  defaults: glanceSuiteDefaults,
  properties: glanceAttributeRuleProperties,
  plan: () => glanceAttributeRulesPlan(),
});
