// The designer's own checks, immediate while editing; the server's DefinitionValidator has the last word.
import type { Step } from 'sequential-workflow-designer';
import type { ServerError, StepTypeInfo } from './api';
import { t } from './i18n';

const given = (step: Step, name: string) => step.properties[name] !== undefined && step.properties[name] !== null && step.properties[name] !== '';

export function localErrors(step: Step, info: StepTypeInfo | undefined): ServerError[] {
  if (!info) return [{ stepId: step.id, property: 'type', message: t('unknownType', { type: step.type }) }];
  const errors: ServerError[] = [];
  for (const input of info.inputs) {
    if (input.required && !given(step, input.name)) {
      errors.push({ stepId: step.id, property: input.name, message: t('requiredMissing', { type: info.type }) });
    }
  }
  for (const group of info.exactlyOneOf) {
    const count = group.filter(name => given(step, name)).length;
    if (count !== 1) errors.push({ stepId: step.id, property: group[0], message: t('exactlyOne', { type: info.type, names: group.join(', ') }) });
  }
  for (const group of info.atLeastOneOf) {
    if (!group.some(name => given(step, name))) errors.push({ stepId: step.id, property: group[0], message: t('atLeastOne', { type: info.type, names: group.join(', ') }) });
  }
  if (step.name.trim() === '') errors.push({ stepId: step.id, property: 'name', message: t('noStepName') });
  return errors;
}
