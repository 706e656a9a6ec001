// Property editors, one per input kind of the server's step metadata. A new step type needs none of its own.
import type { Api, InputInfo, Metadata } from './api';
import { pick, t, tn } from './i18n';
import { recipientsEditor } from './recipients';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: number | undefined;
  return (...args: A) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
}

type Setter = (value: unknown) => void;

export interface EditorContext {
  metadata: Metadata;
  api: Api;
  readonly: boolean;
}

/** Builds the field for one input; `set(undefined)` removes the property (the input is then "not given"). */
export function inputEditor(input: InputInfo, value: unknown, set: Setter, ctx: EditorContext): HTMLElement {
  const id = `input-${input.name}`;
  const field = el('div', { class: `pw-field pw-kind-${input.kind}`, 'data-input': input.name });
  const label = el('label', { for: id, text: input.name + (input.required ? ' *' : '') });
  const help = el('small', { class: 'pw-help', text: pick(input.description, input.descriptionCnr) });
  field.append(label);
  let control: HTMLElement;

  switch (input.kind) {
    case 'boolean': {
      const box = el('input', { id, type: 'checkbox' });
      box.checked = value === true;
      box.addEventListener('change', () => set(box.checked));
      control = box;
      break;
    }
    case 'integer':
    case 'workingDays': {
      const number = el('input', { id, type: 'number', step: '1' });
      if (input.minimum !== null) number.min = String(input.minimum);
      if (input.maximum !== null) number.max = String(input.maximum);
      number.value = typeof value === 'number' ? String(value) : '';
      const hint = el('span', { class: 'pw-relative' });
      const describe = () => {
        if (input.kind !== 'workingDays') return;
        const n = Number(number.value);
        hint.textContent = number.value === '' ? ''
          : n === 0 ? t('onDueDate')
          : tn(n < 0 ? 'before' : 'after', n);
      };
      number.addEventListener('input', () => {
        describe();
        set(number.value === '' ? undefined : Number(number.value));
      });
      describe();
      control = el('div', { class: 'pw-row' }, number, hint);
      if (input.kind === 'workingDays') label.textContent += t('workingDaysLabel');
      break;
    }
    case 'template': {
      const select = el('select', { id });
      select.append(el('option', { value: '', text: t('none') }));
      const known = new Set(ctx.metadata.templates);
      for (const name of ctx.metadata.templates) select.append(el('option', { value: name, text: name }));
      if (typeof value === 'string' && value && !known.has(value)) select.append(el('option', { value, text: t('unknownValue', { value }) }));
      select.value = typeof value === 'string' ? value : '';
      select.addEventListener('change', () => set(select.value === '' ? undefined : select.value));
      control = select;
      break;
    }
    case 'choice': {
      const select = el('select', { id });
      select.append(el('option', { value: '', text: t('none') }));
      for (const choice of input.choices ?? []) select.append(el('option', { value: choice, text: choice }));
      select.value = typeof value === 'string' ? value : '';
      select.addEventListener('change', () => set(select.value === '' ? undefined : select.value));
      control = select;
      break;
    }
    case 'recipients': {
      control = recipientsEditor(id, value, set, ctx.metadata);
      break;
    }
    case 'expression': {
      const area = el('textarea', { id, rows: '2', spellcheck: 'false' });
      area.value = typeof value === 'string' ? value : '';
      const status = el('span', { class: 'pw-expression-status', 'aria-live': 'polite' });
      const check = debounce(async (text: string) => {
        if (text.trim() === '') {
          status.textContent = '';
          status.className = 'pw-expression-status';
          return;
        }
        try {
          const result = await ctx.api.post<{ valid: boolean; error: string | null; errorCnr: string | null }>('/check-expression', { expression: text });
          status.textContent = result.valid ? t('expressionParses') : `✗ ${pick(result.error ?? '', result.errorCnr)}`;
          status.className = 'pw-expression-status ' + (result.valid ? 'pw-ok' : 'pw-bad');
        } catch (e) {
          status.textContent = t('couldNotCheck', { message: (e as Error).message });
        }
      }, 300);
      area.addEventListener('input', () => {
        set(area.value === '' ? undefined : area.value);
        check(area.value);
      });
      check(area.value);
      control = el('div', {}, area, status);
      break;
    }
    default: {
      const text = el('input', { id, type: 'text' });
      if (input.kind === 'duration') text.placeholder = 'P3D, PT12H';
      if (input.kind === 'dateTime') text.placeholder = t('dateTimePlaceholder');
      if (input.kind === 'timeOfDay') text.placeholder = 'HH:mm';
      text.value = typeof value === 'string' ? value : '';
      text.addEventListener('input', () => set(text.value === '' ? undefined : text.value));
      control = text;
    }
  }

  if (ctx.readonly) control.querySelectorAll('input,select,textarea,button').forEach(c => c.setAttribute('disabled', 'disabled'));
  field.append(control, help);
  return field;
}
