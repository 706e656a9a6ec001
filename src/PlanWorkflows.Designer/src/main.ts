import { Designer, type BranchedStep, type Definition, type SequentialStep, type Step, type StepDefinition } from 'sequential-workflow-designer';
import 'sequential-workflow-designer/css/designer.css';
import 'sequential-workflow-designer/css/designer-light.css';
import './designer.css';
import { Api, ApiError, type Change, type DefinitionSummary, type DocumentJson, type ImportProblem, type Metadata, type ObligationInfo, type OpenedDefinition, type Preview, type PreviewRun, type ServerError, type StepJson, type StepTypeInfo, type VersionInfo } from './api';
import { debounce, el, inputEditor, type EditorContext } from './editors';
import { pick, setLanguage, t, tn, tOr } from './i18n';
import { localErrors } from './validation';

interface Header {
  name: string;
  title: string;
  description: string;
}

class DesignerApp {
  private designer: Designer | null = null;
  private header: Header = { name: '', title: '', description: '' };
  private serverErrors: ServerError[] = [];
  private errorsByStep = new Map<string, ServerError[]>();
  private readonly types: Map<string, StepTypeInfo>;
  private readonly status = el('p', { class: 'pw-status', role: 'status', 'aria-live': 'polite' });
  private readonly errorList = el('ul', { class: 'pw-errors', 'aria-label': t('validationErrors') });
  private readonly select = el('select', { id: 'pw-definition', 'aria-label': t('definition') });
  private readonly usage = el('div', { class: 'pw-usage' });
  private readonly canvas = el('div', { class: 'pw-canvas', id: 'pw-canvas' });
  private readonly panel = el('section', { class: 'pw-panel', id: 'pw-panel' });
  private readonly revalidate = debounce(() => void this.validateOnServer(), 400);
  private summaries: DefinitionSummary[] = [];
  /** The file the loaded definition came from until it is first saved: the server audits that save as an import. */
  private importedFrom: string | null = null;

  constructor(private readonly root: HTMLElement, private readonly api: Api, private readonly metadata: Metadata) {
    this.types = new Map(metadata.stepTypes.map(t => [t.type, t]));
  }

  async start(): Promise<void> {
    const newName = el('input', { id: 'pw-new-name', type: 'text', placeholder: t('newNamePlaceholder'), 'aria-label': t('newNameLabel') });
    const fileInput = el('input', { id: 'pw-import-file', type: 'file', accept: '.json,application/json', class: 'pw-hidden' });
    fileInput.addEventListener('change', () => void this.importFile(fileInput));
    const button = (id: string, text: string, action: () => void | Promise<void>) => {
      const b = el('button', { id, type: 'button', text });
      b.addEventListener('click', () => void action());
      return b;
    };
    // The page's heading is the Office frame's; the toolbar holds only the tools.
    const toolbar = el('div', { class: 'pw-toolbar', role: 'toolbar', 'aria-label': t('toolbar') },
      this.select,
      button('pw-open', t('open'), () => this.open(this.select.value)),
      newName,
      button('pw-new', t('new'), () => this.createNew(newName.value.trim())),
      button('pw-save', t('saveDraft'), async () => { await this.saveDraft(); }),
      button('pw-publish', t('publish'), () => this.publish()),
      button('pw-history', t('history'), () => this.showHistory()),
      button('pw-preview', t('preview'), () => this.showPreviewPicker()),
      button('pw-export', t('export'), () => this.exportJson()),
      button('pw-import', t('import'), () => fileInput.click()),
      fileInput);
    const errorsBox = el('aside', { class: 'pw-validation' }, el('h2', { text: t('problems') }), this.errorList);
    this.root.replaceChildren(toolbar, this.status, this.usage, el('div', { class: 'pw-main' }, this.canvas, errorsBox), this.panel);
    await this.loadList();
    const first = this.summaries[0]?.name;
    if (first) await this.open(first);
  }

  private say(text: string, bad = false): void {
    this.status.textContent = text;
    this.status.className = 'pw-status' + (bad ? ' pw-bad' : '');
  }

  private async loadList(selected?: string): Promise<void> {
    this.summaries = await this.api.get<DefinitionSummary[]>('/definitions');
    this.select.replaceChildren(...this.summaries.map(s => {
      const state = [s.publishedVersion ? `v${s.publishedVersion}` : t('unpublished'), s.draftVersion ? t('state.Draft') : ''].filter(x => x).join(', ');
      return el('option', { value: s.name, text: `${s.name} (${state})` });
    }));
    if (selected) this.select.value = selected;
  }

  private document(): DocumentJson {
    const definition = this.designer?.getDefinition();
    return {
      name: this.header.name,
      title: this.header.title,
      description: this.header.description,
      properties: (definition?.properties ?? {}) as Record<string, unknown>,
      sequence: (definition?.sequence ?? []) as unknown as StepJson[],
    };
  }

  private async open(name: string): Promise<void> {
    if (!name) return;
    const opened = await this.api.get<OpenedDefinition>(`/definitions/${encodeURIComponent(name)}`);
    this.load(opened.definition, `${opened.name} v${opened.version} (${tOr(`state.${opened.state}`, opened.state.toLowerCase())})`);
    this.select.value = name;
  }

  private createNew(name: string): void {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
      this.say(t('badName'), true);
      return;
    }
    this.load({ name, title: name, description: '', properties: {}, sequence: [] }, t('newNotSaved', { name }));
  }

  private load(doc: DocumentJson, label: string, importedFrom: string | null = null): void {
    this.importedFrom = importedFrom;
    this.header = { name: doc.name, title: doc.title, description: doc.description };
    this.designer?.destroy();
    this.canvas.replaceChildren();
    const definition: Definition = { properties: (doc.properties ?? {}) as Definition['properties'], sequence: doc.sequence as unknown as Step[] };
    this.designer = Designer.create(this.canvas, definition, {
      theme: 'light',
      undoStackSize: 20,
      toolbox: { groups: this.toolboxGroups(), labelProvider: s => s.name, descriptionProvider: s => this.typeDescription(s.type) ?? s.type },
      steps: { iconUrlProvider: () => null },
      validator: {
        step: step => !this.errorsByStep.has(step.id) && localErrors(step, this.types.get(step.type)).length === 0,
        root: () => !this.serverErrors.some(e => e.stepId === ''),
      },
      editors: {
        rootEditorProvider: (_def, ctx, readonly) => this.rootEditor(ctx.notifyPropertiesChanged, readonly),
        stepEditorProvider: (step, ctx, _def, readonly) => this.stepEditor(step, ctx, readonly),
      },
      controlBar: true,
      contextMenu: true,
      i18n: (key, defaultValue) => tOr(key, defaultValue),
    });
    this.designer.onDefinitionChanged.subscribe(() => this.revalidate());
    this.say(t('opened', { label }));
    void this.showUsage();
    void this.validateOnServer();
  }

  private toolboxGroups(): { name: string; steps: StepDefinition[] }[] {
    const groups = new Map<string, StepDefinition[]>();
    for (const type of this.metadata.stepTypes) {
      const step: StepDefinition & { branches?: Record<string, Step[]>; sequence?: Step[] } = {
        componentType: type.componentType,
        type: type.type,
        // A new step is named in the page's language; its author may rename it, and its type stays the same.
        name: pick(type.type, type.nameCnr),
        properties: Object.fromEntries(type.inputs.filter(i => i.default !== null && i.default !== undefined).map(i => [i.name, i.default])) as StepDefinition['properties'],
      };
      if (type.componentType === 'switch') step.branches = Object.fromEntries(type.outcomes.map(o => [o, []]));
      if (type.componentType === 'container') step.sequence = [];
      const category = pick(type.category, type.categoryCnr);
      const list = groups.get(category) ?? [];
      list.push(step);
      groups.set(category, list);
    }
    return [...groups].map(([name, steps]) => ({ name, steps }));
  }

  /** A step type's name in the page's language. */
  private typeName(type: string): string {
    const info = this.types.get(type);
    return info ? pick(info.type, info.nameCnr) : type;
  }

  private typeDescription(type: string): string | undefined {
    const info = this.types.get(type);
    return info && pick(info.description, info.descriptionCnr);
  }

  private editorContext(readonly: boolean): EditorContext {
    return { metadata: this.metadata, api: this.api, readonly };
  }

  private rootEditor(notify: () => void, readonly: boolean): HTMLElement {
    const box = el('div', { class: 'pw-editor' }, el('h2', { text: t('definition') }));
    for (const key of ['name', 'title', 'description'] as const) {
      const id = `root-${key}`;
      const input = key === 'description' ? el('textarea', { id, rows: '4' }) : el('input', { id, type: 'text' });
      input.value = this.header[key];
      if (readonly) input.setAttribute('disabled', 'disabled');
      input.addEventListener('input', () => {
        this.header[key] = input.value;
        notify();
        this.revalidate();
      });
      box.append(el('div', { class: 'pw-field' }, el('label', { for: id, text: t(`field.${key}`) }), input));
    }
    box.append(this.errorsFor('', 'pw-root-errors'));
    return box;
  }

  private stepEditor(step: Step, ctx: { notifyNameChanged(): void; notifyPropertiesChanged(): void; notifyChildrenChanged(): void }, readonly: boolean): HTMLElement {
    const info = this.types.get(step.type);
    const box = el('div', { class: 'pw-editor', 'data-step-id': step.id }, el('h2', { text: this.typeName(step.type) }));
    box.append(el('p', { class: 'pw-help', text: this.typeDescription(step.type) ?? t('unknownStepType') }));
    const name = el('input', { id: 'step-name', type: 'text' });
    name.value = step.name;
    name.addEventListener('input', () => {
      step.name = name.value;
      ctx.notifyNameChanged();
    });
    box.append(el('div', { class: 'pw-field' }, el('label', { for: 'step-name', text: t('field.name') }), name));
    const errors = this.errorsFor(step.id, 'pw-step-errors');
    for (const input of info?.inputs ?? []) {
      box.append(inputEditor(input, step.properties[input.name], value => {
        if (value === undefined) delete step.properties[input.name];
        else step.properties[input.name] = value as Step['properties'][string];
        ctx.notifyPropertiesChanged();
        // The designer's own checks answer at once; the server's follow when its validation returns.
        this.fillErrors(errors, step.id);
      }, this.editorContext(readonly)));
    }
    if (info?.openOutcomes && !readonly) box.append(this.branchEditor(step as BranchedStep, ctx.notifyChildrenChanged));
    box.append(errors);
    return box;
  }

  private branchEditor(step: BranchedStep, notify: () => void): HTMLElement {
    const name = el('input', { id: 'branch-name', type: 'text', placeholder: t('branchValue') });
    const add = el('button', { type: 'button', text: t('addBranch') });
    add.addEventListener('click', () => {
      const branch = name.value.trim();
      if (branch && !step.branches[branch]) {
        step.branches[branch] = [];
        notify();
        name.value = '';
      }
    });
    return el('div', { class: 'pw-field' }, el('label', { for: 'branch-name', text: t('newBranch') }), el('div', { class: 'pw-row' }, name, add));
  }

  /** The problems of one step (or of the definition), kept current as the server answers. */
  private errorsFor(stepId: string, cls: string): HTMLElement {
    const list = el('ul', { class: `pw-errors ${cls}`, 'data-errors-for': stepId });
    this.fillErrors(list, stepId);
    return list;
  }

  private fillErrors(list: HTMLElement, stepId: string): void {
    const step = stepId ? this.findStep(stepId) : null;
    const local = step ? localErrors(step, this.types.get(step.type)) : [];
    const server = stepId ? this.errorsByStep.get(stepId) ?? [] : this.serverErrors.filter(e => e.stepId === '');
    // The server and the designer word the same finding differently: where both speak of the same input, the
    // server's finding stands for it, so a step does not show each problem twice.
    const byServer = new Set(server.map(e => e.property));
    const seen = new Set<string>();
    list.replaceChildren(...[...server, ...local.filter(e => !byServer.has(e.property))].filter(e => {
      const key = `${e.property}|${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }).map(e => el('li', { text: `${e.property}: ${pick(e.message, e.messageCnr)}` })));
  }

  private findStep(id: string): Step | null {
    const walk = (sequence: Step[]): Step | null => {
      for (const s of sequence) {
        if (s.id === id) return s;
        const inner = (s as SequentialStep).sequence;
        const found = (inner && walk(inner)) || Object.values((s as BranchedStep).branches ?? {}).reduce<Step | null>((acc, b) => acc ?? walk(b), null);
        if (found) return found;
      }
      return null;
    };
    return this.designer ? walk(this.designer.getDefinition().sequence) : null;
  }

  private async validateOnServer(): Promise<void> {
    if (!this.designer) return;
    try {
      const result = await this.api.post<{ valid: boolean; errors: ServerError[] }>('/validate', this.document());
      this.applyErrors(result.errors);
    } catch (e) {
      const body = e instanceof ApiError ? (e.body as { errors?: ServerError[] } | null) : null;
      if (body?.errors) this.applyErrors(body.errors);
      else this.say(t('validationFailed', { message: (e as Error).message }), true);
    }
  }

  private applyErrors(errors: ServerError[]): void {
    this.serverErrors = errors;
    this.errorsByStep = new Map();
    for (const error of errors) {
      if (!error.stepId) continue;
      const list = this.errorsByStep.get(error.stepId) ?? [];
      list.push(error);
      this.errorsByStep.set(error.stepId, list);
    }
    this.designer?.updateBadges();
    this.errorList.replaceChildren(...errors.map(e => {
      const item = el('li', { 'data-step-id': e.stepId },
        el('strong', { text: e.stepId ? t('errorOfStep', { id: e.stepId }) : t('errorOfDefinition') }), ` ${e.property}: ${pick(e.message, e.messageCnr)}`);
      if (e.stepId) {
        item.classList.add('pw-link');
        item.addEventListener('click', () => {
          this.designer?.selectStepById(e.stepId);
          this.designer?.moveViewportToStep(e.stepId);
        });
      }
      return item;
    }));
    if (errors.length === 0) this.errorList.append(el('li', { class: 'pw-ok', text: t('noProblems') }));
    document.querySelectorAll<HTMLElement>('[data-errors-for]').forEach(list => this.fillErrors(list, list.dataset.errorsFor ?? ''));
  }

  private async saveDraft(): Promise<boolean> {
    const doc = this.document();
    try {
      const source = this.importedFrom ? `?imported=${encodeURIComponent(this.importedFrom)}` : '';
      const saved = await this.api.put<{ version: number; errors: ServerError[] }>(`/definitions/${encodeURIComponent(doc.name)}/draft${source}`, doc);
      this.importedFrom = null;
      this.applyErrors(saved.errors);
      const said = { name: doc.name, version: saved.version, count: saved.errors.length };
      this.say(saved.errors.length ? t('draftSavedWithProblems', said) : t('draftSaved', said), saved.errors.length > 0);
      await this.loadList(doc.name);
      return true;
    } catch (e) {
      this.say(t('couldNotSave', { message: (e as Error).message }), true);
      return false;
    }
  }

  private async publish(): Promise<void> {
    if (!(await this.saveDraft())) return;
    const name = this.header.name;
    try {
      const published = await this.api.post<{ version: number }>(`/definitions/${encodeURIComponent(name)}/publish`, {});
      this.say(t('published', { name, version: published.version }));
      await this.loadList(name);
    } catch (e) {
      const body = e instanceof ApiError ? (e.body as { errors?: ServerError[] } | null) : null;
      if (body?.errors) {
        this.applyErrors(body.errors);
        this.say(t('notPublishedProblems', { count: body.errors.length }), true);
      } else {
        this.say(t('notPublished', { message: (e as Error).message }), true);
      }
    }
  }

  private exportJson(): void {
    const doc = this.document();
    const blob = new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), download: `${doc.name || 'definition'}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    this.say(t('exported', { file: `${doc.name}.json` }));
  }

  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    const result = await this.api.post<{ valid: boolean; definition: DocumentJson | null; problems: ImportProblem[] }>(`/import?file=${encodeURIComponent(file.name)}`, text, true);
    const problems = el('ul', { class: 'pw-errors pw-import-problems' }, ...result.problems.map(p => el('li', { text: `${pick(p.where, p.whereCnr)}: ${pick(p.message, p.messageCnr)}` })));
    this.panel.replaceChildren(el('h2', { text: t('importOf', { file: file.name }) }), result.problems.length ? problems : el('p', { text: t('validFile') }));
    if (result.definition) {
      this.load(result.definition, t('importedNotSaved', { name: result.definition.name, file: file.name }), file.name);
      if (!result.valid) this.say(t('importedWithProblems', { file: file.name, count: result.problems.length }), true);
    } else {
      const first = result.problems[0];
      this.say(t('notADefinition', { file: file.name, where: first ? pick(first.where, first.whereCnr) : '', message: first ? pick(first.message, first.messageCnr) : '' }), true);
    }
  }

  private async showUsage(): Promise<void> {
    const name = this.header.name;
    const summary = this.summaries.find(s => s.name === name);
    if (!summary) {
      this.usage.textContent = t('notUsed');
      return;
    }
    const u = summary.usage;
    const parts = [
      u.scheduleKinds.length ? t('scheduleKinds', { kinds: u.scheduleKinds.join(', ') }) : '',
      u.meetings ? t('meetings') : '',
      tn('activities', u.activities.length),
    ].filter(p => p);
    const details = el('details', {}, el('summary', { text: t('usedBy', { parts: parts.join('; ') }) }),
      el('ul', {}, ...u.activities.map(a => el('li', { text: `${a.code} ${a.title} (${a.scheduleKind}${a.override ? t('chosenForActivity') : ''})` }))));
    this.usage.replaceChildren(details);
  }

  private async showHistory(): Promise<void> {
    const name = this.header.name;
    let versions: VersionInfo[];
    try {
      versions = await this.api.get<VersionInfo[]>(`/definitions/${encodeURIComponent(name)}/versions`);
    } catch (e) {
      this.say(t('noHistory', { message: (e as Error).message }), true);
      return;
    }
    const from = el('select', { id: 'pw-diff-from', 'aria-label': t('compareFrom') });
    const to = el('select', { id: 'pw-diff-to', 'aria-label': t('compareTo') });
    for (const v of versions) {
      from.append(el('option', { value: String(v.version), text: `v${v.version}` }));
      to.append(el('option', { value: String(v.version), text: `v${v.version}` }));
    }
    if (versions.length > 1) from.value = String(versions[1].version);
    const result = el('div', { id: 'pw-diff' });
    const compare = el('button', { id: 'pw-compare', type: 'button', text: t('compare') });
    compare.addEventListener('click', async () => {
      const diff = await this.api.get<{ changes: Change[] }>(`/definitions/${encodeURIComponent(name)}/diff?from=${from.value}&to=${to.value}`);
      result.replaceChildren(diff.changes.length === 0 ? el('p', { text: t('noDifferences') }) : el('table', { class: 'pw-table' },
        el('thead', {}, el('tr', {}, ...(['change', 'step', 'where', 'what'] as const).map(h => el('th', { text: t(`diff.${h}`) })))),
        el('tbody', {}, ...diff.changes.map(c => el('tr', { class: `pw-change-${c.change}` },
          el('td', { text: tOr(`diff.${c.change}`, c.change) }), el('td', { text: c.stepId || t('diff.definition') }), el('td', { text: c.where }), el('td', { text: c.text }))))));
    });
    const rows = versions.map(v => el('tr', {},
      el('td', { text: `v${v.version}` }), el('td', { text: tOr(`state.${v.state}`, v.state) }), el('td', { text: v.createdAt.substring(0, 16).replace('T', ' ') }),
      el('td', { text: v.publishedAt ? v.publishedAt.substring(0, 16).replace('T', ' ') : '' }), el('td', { text: String(v.instances) }),
      el('td', {}, el('a', { href: this.api.url(`/definitions/${encodeURIComponent(name)}/versions/${v.version}`), download: `${name}-v${v.version}.json`, text: 'JSON' }))));
    this.panel.replaceChildren(el('h2', { text: t('historyOf', { name }) }),
      el('table', { class: 'pw-table pw-versions' },
        el('thead', {}, el('tr', {}, ...(['version', 'state', 'created', 'published', 'instances', 'export'] as const).map(h => el('th', { text: t(`version.${h}`) })))),
        el('tbody', {}, ...rows)),
      el('div', { class: 'pw-row' }, from, el('span', { text: '→' }), to, compare), result);
  }

  private async showPreviewPicker(): Promise<void> {
    const name = this.header.name;
    let obligations = await this.api.get<ObligationInfo[]>(`/obligations?definition=${encodeURIComponent(name)}&take=200`);
    const note = obligations.length === 0 ? el('p', { text: t('noObligationRuns') }) : el('span');
    if (obligations.length === 0) obligations = await this.api.get<ObligationInfo[]>('/obligations?take=200');
    const select = el('select', { id: 'pw-obligation', 'aria-label': t('obligation') },
      ...obligations.map(o => el('option', { value: String(o.id), text: `${o.activityCode} · ${o.institution} · ${o.period} · ${t('dueOn', { date: o.dueDate })}` })));
    const run = el('button', { id: 'pw-run-preview', type: 'button', text: t('runPreview') });
    const output = el('div', { id: 'pw-preview-result' });
    run.addEventListener('click', async () => {
      output.replaceChildren(el('p', { text: t('running') }));
      try {
        const preview = await this.api.post<Preview>('/preview', { obligationId: Number(select.value), definition: this.document() });
        output.replaceChildren(...this.timelines(preview));
      } catch (e) {
        output.replaceChildren(el('p', { class: 'pw-bad', text: t('previewFailed', { message: (e as Error).message }) }));
      }
    });
    this.panel.replaceChildren(el('h2', { text: t('previewOf', { name }) }), note, el('div', { class: 'pw-row' }, select, run), output);
  }

  private timelines(preview: Preview): HTMLElement[] {
    const runs: [string, PreviewRun][] = [[t('repliesOnTime'), preview.onTime], [t('neverReplies'), preview.never]];
    const all = runs.flatMap(([, r]) => [...r.mails.map(m => Date.parse(m.at)), ...r.events.map(e => Date.parse(e.at))]);
    const due = Date.parse(preview.obligation.dueDate + 'T12:00:00Z');
    const min = Math.min(due, ...all);
    const max = Math.max(due, ...all);
    const span = Math.max(max - min, 86_400_000);
    const position = (t: number) => `${(((t - min) / span) * 96 + 2).toFixed(2)}%`;
    return runs.map(([title, run]) => {
      const track = el('div', { class: 'pw-track' }, at(el('div', { class: 'pw-due', title: t('dueOn', { date: preview.obligation.dueDate }) }), position(due)));
      for (const mail of run.mails) {
        track.append(at(el('div', { class: `pw-dot pw-mail-${mail.kind}${mail.withdrawn ? ' pw-withdrawn' : ''}`, title: `${mail.local} ${mail.template} → ${mail.to}` }), position(Date.parse(mail.at))));
      }
      const day = (t: number) => new Date(t).toISOString().substring(0, 10);
      const scale = el('div', { class: 'pw-scale' }, el('span', { text: day(min) }), el('span', { text: t('dueOn', { date: preview.obligation.dueDate }) }), el('span', { text: day(max) }));
      const table = el('table', { class: 'pw-table pw-mails' },
        el('thead', {}, el('tr', {}, ...(['when', 'vsDue', 'kind', 'template', 'to', 'cc'] as const).map(h => el('th', { text: t(`mail.${h}`) })))),
        el('tbody', {}, ...run.mails.map(m => el('tr', { class: `pw-mail-row pw-mail-${m.kind}${m.withdrawn ? ' pw-withdrawn' : ''}` },
          el('td', { text: m.local }), el('td', { text: m.workingDaysFromDue === 0 ? t('dueDate') : t('workingDaysShort', { n: `${m.workingDaysFromDue > 0 ? '+' : ''}${m.workingDaysFromDue}` }) }),
          el('td', { text: m.kind + (m.withdrawn ? t('withdrawn') : '') }), el('td', { text: m.template }), el('td', { text: m.to }), el('td', { text: m.cc ?? '' })))));
      const summary = t('runSummary', { count: run.mails.filter(m => !m.withdrawn).length, status: run.instanceStatus.toLowerCase(), final: run.finalStatus, level: run.escalationLevel });
      return el('section', { class: 'pw-timeline', 'data-replier': run.replier },
        el('h3', { text: title }), el('p', { text: summary }), track, scale, table,
        ...(run.incidents.length ? [el('ul', { class: 'pw-errors' }, ...run.incidents.map(i => el('li', { text: i })))] : []));
    });
  }
}

/** Positions through the CSSOM, not a style attribute, which a Content-Security-Policy without 'unsafe-inline' refuses. */
function at(node: HTMLElement, left: string): HTMLElement {
  node.style.left = left;
  return node;
}

async function main(): Promise<void> {
  const root = document.getElementById('designer-app');
  if (!root) return;
  setLanguage(root.dataset.lang);
  const api = new Api(root.dataset.api ?? '/office/api/designer', root.dataset.csrfToken ?? '', root.dataset.csrfHeader ?? '');
  try {
    const metadata = await api.get<Metadata>('/metadata');
    await new DesignerApp(root, api, metadata).start();
  } catch (e) {
    root.replaceChildren(el('p', { class: 'pw-bad', text: t('couldNotStart', { message: (e as Error).message }) }));
  }
}

void main();
