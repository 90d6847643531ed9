/**
 * shared/rule-titles.js: findings get their rule's title; the turned-off list (popup, settings)
 * names built-in and custom rules and leaves out what the organisation forces on; turning one
 * back on takes it out of disabled_rules and drops a custom rule's `enabled: false`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTitles, withTitles, titleFromId, turnedOffRules, turnBackOn } from '../../extension/shared/rule-titles.js';

const BUILTINS = [{ id: 'confidentiality.identifiable-client', title: 'A client could be identified from the details' }, { id: 'stigma.crazy-insane', title: 'Stigmatising words' }];

test('withTitles: built-in and custom titles on findings; unknown rules keep none', () => {
  const titles = ruleTitles(BUILTINS, [{ id: 'local-employer' }]);
  const r = withTitles({ risk: 'high', findings: [{ rule: 'confidentiality.identifiable-client' }, { rule: 'local-employer' }, { rule: 'model.judgement' }] }, titles);
  assert.deepEqual(r.findings.map((f) => f.title), ['A client could be identified from the details', 'Local employer', undefined]);
  assert.equal(titleFromId('a.b_c-d'), 'B c d');
});

test('turnedOffRules and turnBackOn', () => {
  const config = { disabled_rules: ['stigma.crazy-insane', 'confidentiality.identifiable-client'], rules: [{ id: 'local-employer', enabled: false }, { id: 'other' }] };
  assert.deepEqual(turnedOffRules(config, BUILTINS, ['confidentiality.identifiable-client']), [
    { id: 'stigma.crazy-insane', title: 'Stigmatising words' },
    { id: 'local-employer', title: 'Local employer' },
  ]);
  assert.deepEqual(turnBackOn(config, 'local-employer').rules, [{ id: 'local-employer' }, { id: 'other' }]);
  const on = turnBackOn(turnBackOn(config, 'stigma.crazy-insane'), 'confidentiality.identifiable-client');
  assert.equal('disabled_rules' in on, false);
  assert.deepEqual(config.disabled_rules.length, 2, 'the input is not changed');
});
