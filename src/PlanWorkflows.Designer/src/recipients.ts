// The recipients editor: roles relative to the obligation, and institutions named by id. The institutions, their names
// in both languages and how a recipient names one (`institution:<id>[:<role>]`) come from the server's metadata.
import type { InstitutionInfo, Metadata } from './api';
import { el } from './editors';
import { pick, t, tOr } from './i18n';

type Entry = { id: string; role: string } | { raw: string };

/** Folds case and diacritics, so "tuzilastvo" finds "tužilaštvo". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function institutionName(info: InstitutionInfo): string {
  return pick(info.name, info.nameCnr);
}

export function recipientsEditor(id: string, value: unknown, set: (value: unknown) => void, metadata: Metadata): HTMLElement {
  const { prefix, roles: institutionRoles } = metadata.institutionRecipient;
  const byId = new Map(metadata.institutions.map(i => [i.id, i]));
  const values = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const roles = new Set(values.filter(v => metadata.recipientRoles.includes(v)));
  // Whatever is neither a role nor a well-formed institution stays as written, shown, for the server's validation to name.
  const entries: Entry[] = values.filter(v => !roles.has(v)).map(v => {
    const parts = v.startsWith(prefix) ? v.substring(prefix.length).split(':') : [];
    const role = parts.length === 2 ? parts[1] : institutionRoles[0];
    return parts.length >= 1 && parts.length <= 2 && parts[0] !== '' && institutionRoles.includes(role) ? { id: parts[0], role } : { raw: v };
  });
  const text = (e: Entry) => ('raw' in e ? e.raw : e.role === institutionRoles[0] ? `${prefix}${e.id}` : `${prefix}${e.id}:${e.role}`);
  const emit = () => {
    const list = [...metadata.recipientRoles.filter(r => roles.has(r)), ...entries.map(text)];
    set(list.length === 0 ? undefined : list);
  };

  const group = el('div', { id, class: 'pw-recipients', role: 'group' });
  for (const role of metadata.recipientRoles) {
    const box = el('input', { type: 'checkbox', value: role, id: `${id}-${role}` });
    box.checked = roles.has(role);
    box.addEventListener('change', () => {
      if (box.checked) roles.add(role);
      else roles.delete(role);
      emit();
    });
    group.append(el('label', { class: 'pw-check', for: `${id}-${role}` }, box, ' ' + tOr(`role.${role}`, role)));
  }

  const chosen = el('ul', { class: 'pw-chosen-institutions', id: `${id}-institutions` });
  const search = el('input', { type: 'search', id: `${id}-institution-search`, placeholder: t('filterInstitutions'), 'aria-label': t('filterInstitutions'), autocomplete: 'off' });
  const options = el('ul', { class: 'pw-institution-options', id: `${id}-institution-options`, 'aria-label': t('namedInstitutions') });

  const renderChosen = () => {
    chosen.replaceChildren(...entries.map((entry, index) => {
      const remove = el('button', { type: 'button', class: 'pw-remove', text: '✕' });
      remove.addEventListener('click', () => {
        entries.splice(index, 1);
        emit();
        render();
      });
      if ('raw' in entry) {
        remove.setAttribute('aria-label', t('removeRecipient', { name: entry.raw }));
        return el('li', { 'data-recipient': entry.raw, class: 'pw-bad' }, el('span', { text: t('unknownValue', { value: entry.raw }) }), remove);
      }
      const info = byId.get(entry.id);
      const name = info ? institutionName(info) : t('unknownInstitution', { id: entry.id });
      remove.setAttribute('aria-label', t('removeRecipient', { name }));
      const whom = el('select', { 'aria-label': t('whomOf', { name }), class: 'pw-institution-role' },
        ...institutionRoles.map(r => el('option', { value: r, text: tOr(`institutionRole.${r}`, r) })));
      whom.value = entry.role;
      whom.addEventListener('change', () => {
        entries[index] = { id: entry.id, role: whom.value };
        emit();
        render();
      });
      return el('li', { 'data-recipient': text(entry), class: info ? '' : 'pw-bad' }, el('span', { text: name, title: entry.id }), whom, remove);
    }));
  };

  const renderOptions = () => {
    const wanted = fold(search.value.trim());
    const taken = new Set(entries.flatMap(e => ('raw' in e ? [] : [e.id])));
    const matches = metadata.institutions
      .filter(i => !taken.has(i.id) && (wanted === '' || [i.id, i.name, i.nameCnr].some(s => fold(s).includes(wanted))))
      .sort((a, b) => institutionName(a).localeCompare(institutionName(b)));
    options.replaceChildren(...(matches.length === 0 ? [el('li', { class: 'pw-help', text: t('noInstitutionMatches') })] : matches.map(info => {
      const add = el('button', { type: 'button', class: 'pw-institution-option', 'data-institution-id': info.id, text: institutionName(info), title: info.id });
      add.addEventListener('click', () => {
        entries.push({ id: info.id, role: institutionRoles[0] });
        emit();
        render();
        search.focus();
      });
      return el('li', {}, add);
    })));
  };

  const render = () => {
    renderChosen();
    renderOptions();
  };
  search.addEventListener('input', renderOptions);
  render();

  group.append(el('div', { class: 'pw-institutions' }, el('span', { class: 'pw-subhead', text: t('namedInstitutions') }), chosen, search, options));
  return group;
}
