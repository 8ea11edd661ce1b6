import { semanticSuite } from '../../src/vitest/semantic-suite.ts';
import { glanceAttributeRuleProperties, glanceAttributeRulesPlan } from './attribute-rules-plan.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';

semanticSuite({
  title: 'glance attribute rules',
  fileTag: 'glance-attribute-rules',
  defaults: suiteDefaults(glanceApi),
  properties: glanceAttributeRuleProperties,
  plan: () => glanceAttributeRulesPlan(),
});
