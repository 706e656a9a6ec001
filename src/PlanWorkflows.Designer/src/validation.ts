// The designer's own checks, immediate while editing; the server's DefinitionValidator has the last word.
import type { Step } from 'sequential-workflow-designer';
import type { ServerError, StepTypeInfo } from './api';

const given = (step: Step, name: string) => step.properties[name] !== undefined && step.properties[name] !== null && step.properties[name] !== '';

export function localErrors(step: Step, info: StepTypeInfo | undefined): ServerError[] {
  if (!info) return [{ stepId: step.id, property: 'type', message: `unknown step type '${step.type}'` }];
  const errors: ServerError[] = [];
  for (const input of info.inputs) {
    if (input.required && !given(step, input.name)) {
      errors.push({ stepId: step.id, property: input.name, message: `required input of ${info.type} is missing` });
    }
  }
  for (const group of info.exactlyOneOf) {
    const count = group.filter(name => given(step, name)).length;
    if (count !== 1) errors.push({ stepId: step.id, property: group[0], message: `${info.type} needs exactly one of ${group.join(', ')}` });
  }
  for (const group of info.atLeastOneOf) {
    if (!group.some(name => given(step, name))) errors.push({ stepId: step.id, property: group[0], message: `${info.type} needs at least one of ${group.join(', ')}` });
  }
  if (step.name.trim() === '') errors.push({ stepId: step.id, property: 'name', message: 'the step has no name' });
  return errors;
}
