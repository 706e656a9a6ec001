// The designer's view of the server API (src/PlanWorkflows.Server/Designer/DesignerApi.cs).

import { pick } from './i18n';

export interface InputInfo {
  name: string;
  kind: string;
  description: string;
  required: boolean;
  default: unknown;
  choices: string[] | null;
  minimum: number | null;
  maximum: number | null;
  descriptionCnr: string;
}

export interface StepTypeInfo {
  type: string;
  componentType: 'task' | 'switch' | 'container';
  category: string;
  description: string;
  inputs: InputInfo[];
  outcomes: string[];
  openOutcomes: boolean;
  requiredBranches: string[];
  exactlyOneOf: string[][];
  atLeastOneOf: string[][];
  /** Montenegrin texts; the server fills them with the English where a step type has none. */
  nameCnr: string;
  categoryCnr: string;
  descriptionCnr: string;
}

export interface Metadata {
  stepTypes: StepTypeInfo[];
  templates: string[];
  recipientRoles: string[];
  institutions: InstitutionInfo[];
  institutionRecipient: { prefix: string; roles: string[] };
}

export interface InstitutionInfo {
  id: string;
  /** English name. */
  name: string;
  nameCnr: string;
  kind: string;
}

export interface ServerError {
  stepId: string;
  property: string;
  message: string;
  /** The same in Montenegrin; the server sends both, the designer's own checks only the page's. */
  messageCnr?: string;
}

export interface DocumentJson {
  name: string;
  title: string;
  description: string;
  properties: Record<string, unknown>;
  sequence: StepJson[];
}

export interface StepJson {
  id: string;
  componentType: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  branches?: Record<string, StepJson[]>;
  sequence?: StepJson[];
}

export interface Usage {
  scheduleKinds: string[];
  meetings: boolean;
  activities: { key: string; code: string; title: string; scheduleKind: string; override: boolean }[];
}

export interface DefinitionSummary {
  name: string;
  title: string;
  publishedVersion: number | null;
  draftVersion: number | null;
  usage: Usage;
}

export interface OpenedDefinition {
  name: string;
  version: number;
  state: string;
  definition: DocumentJson;
  errors: ServerError[];
}

export interface VersionInfo {
  version: number;
  state: string;
  createdAt: string;
  publishedAt: string | null;
  instances: number;
}

export interface Change {
  change: string;
  stepId: string;
  where: string;
  text: string;
}

export interface ImportProblem {
  where: string;
  line: number;
  stepId: string;
  property: string;
  message: string;
  whereCnr?: string;
  messageCnr?: string;
}

export interface ObligationInfo {
  id: number;
  activityCode: string;
  activityTitle: string;
  institution: string;
  period: string;
  dueDate: string;
  definition: string;
}

export interface PreviewMail {
  at: string;
  local: string;
  workingDaysFromDue: number;
  kind: string;
  template: string;
  to: string;
  cc: string | null;
  withdrawn: boolean;
}

export interface PreviewEvent {
  at: string;
  local: string;
  kind: string;
  stepId: string | null;
  message: string;
}

export interface PreviewRun {
  replier: string;
  mails: PreviewMail[];
  events: PreviewEvent[];
  finalStatus: string;
  escalationLevel: number;
  instanceStatus: string;
  incidents: string[];
}

export interface Preview {
  obligation: ObligationInfo;
  onTime: PreviewRun;
  never: PreviewRun;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body: unknown) {
    super(message);
  }
}

export class Api {
  constructor(private readonly base: string, private readonly csrfToken: string, private readonly csrfHeader: string) {}

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body: unknown, raw = false): Promise<T> {
    return this.send<T>('POST', path, body, raw);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  url(path: string): string {
    return this.base + path;
  }

  private async send<T>(method: string, path: string, body?: unknown, raw = false): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers[this.csrfHeader] = this.csrfToken;
      headers['Content-Type'] = raw ? 'text/plain; charset=utf-8' : 'application/json';
    }
    const response = await fetch(this.base + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? String(body) : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const problem = parsed as { title?: string; titleCnr?: string } | null;
      const title = problem?.title ? pick(problem.title, problem.titleCnr) : undefined;
      throw new ApiError(response.status, title ?? `${method} ${path}: HTTP ${response.status}`, parsed);
    }
    return parsed as T;
  }
}
