/// <reference lib="dom.iterable" />
/**
 * The profile preview's webview (bundled for the browser as dist/preview.js): renders the model the
 * panel sends (messages.ts) and nothing else. Every resource is a row, every action a button
 * marked allowed, denied or blocked; a selected cell lists the grants behind it as links to their
 * lines. The view state (selected cell, filter, "show denied", closed groups) survives new answers
 * and is kept with `setState` too.
 *
 * It also answers the extension's testing hooks from the DOM itself (`snapshot`, `select`,
 * `setView`), so a test sees what a person would.
 *
 * No inline styles or handlers (the page's Content-Security-Policy forbids them): classes,
 * `hidden` and listeners only. Text goes in as text, never as HTML.
 */
import type { CellView, EntryView, GrantView, ProblemView, ProfileGroupView, ProfileView, SpolLocation } from '../../../../language/protocol.js';
import type { CellState, FromWebview, PreviewModel, PreviewSnapshot, SnapshotLink, ToWebview } from '../messages.js';

interface VsCodeApi {
    postMessage(message: FromWebview): void;
    getState(): unknown;
    setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
    filter: string;
    /** Undefined until the user flips the toggle: then the setting's default applies. */
    showDenied?: boolean;
    selected?: { resource: string; action: string };
    /** Group kinds the user folded. */
    closed: string[];
    /** The last model rendered, to show at once if the webview reloads. */
    model?: PreviewModel;
}

const vscode = acquireVsCodeApi();
const saved = vscode.getState() as Partial<ViewState> | undefined;
const state: ViewState = {
    filter: typeof saved?.filter === 'string' ? saved.filter : '',
    ...(typeof saved?.showDenied === 'boolean' ? { showDenied: saved.showDenied } : {}),
    ...(saved?.selected ? { selected: saved.selected } : {}),
    closed: Array.isArray(saved?.closed) ? saved.closed : [],
    ...(saved?.model ? { model: saved.model } : {})
};

function save(): void {
    vscode.setState(state);
}

function post(message: FromWebview): void {
    vscode.postMessage(message);
}

// ---------------------------------------------------------------------------------------------
// Building elements

interface Props {
    className?: string;
    text?: string;
    attrs?: Record<string, string | undefined>;
    data?: Record<string, string | undefined>;
    onClick?: (event: Event) => void;
}

type Child = Node | string | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    if (props.className) element.className = props.className;
    if (props.text !== undefined) element.textContent = props.text;
    for (const [name, value] of Object.entries(props.attrs ?? {})) if (value !== undefined) element.setAttribute(name, value);
    for (const [name, value] of Object.entries(props.data ?? {})) if (value !== undefined) element.dataset[name] = value;
    if (props.onClick) element.addEventListener('click', props.onClick);
    for (const child of children) if (child !== undefined && child !== false) element.append(child);
    return element;
}

/** A button that looks like a link. */
function linkButton(text: string, onClick: () => void, props: Props = {}): HTMLButtonElement {
    return h('button', { ...props, className: `link ${props.className ?? ''}`.trim(), text, attrs: { type: 'button', ...props.attrs }, onClick: () => onClick() });
}

// ---------------------------------------------------------------------------------------------
// The page: header, notice, toolbar (built once, so typing in the filter never loses focus), groups

const app = document.getElementById('app') as HTMLElement;
app.replaceChildren();
const header = h('header', { className: 'header' });
const notice = h('div', { className: 'notice-area' });
const filterInput = h('input', {
    className: 'filter',
    attrs: { type: 'search', placeholder: 'Filter resources', 'aria-label': 'Filter resources by name', spellcheck: 'false' }
});
const showDeniedInput = h('input', { attrs: { type: 'checkbox', id: 'show-denied' } });
const shownCount = h('span', { className: 'shown', attrs: { 'aria-live': 'polite' } });
const toolbar = h(
    'div',
    { className: 'toolbar', attrs: { role: 'search' } },
    filterInput,
    h('label', { className: 'toggle', attrs: { for: 'show-denied' } }, showDeniedInput, ' Show denied'),
    shownCount
);
const groups = h('div', { className: 'groups' });
app.append(header, notice, toolbar, groups);

filterInput.value = state.filter;
filterInput.addEventListener('input', () => {
    state.filter = filterInput.value;
    save();
    applyVisibility();
});
showDeniedInput.addEventListener('change', () => {
    state.showDenied = showDeniedInput.checked;
    save();
    applyVisibility();
});

/** The model on screen. */
let current: PreviewModel | undefined;
/** Where each link goes. */
const targets = new WeakMap<Element, SpolLocation>();
/** The entry and cell behind each cell button. */
const cellData = new WeakMap<HTMLButtonElement, { entry: EntryView; cell: CellView; group: ProfileGroupView }>();

function showDenied(): boolean {
    return state.showDenied ?? current?.showDeniedDefault ?? false;
}

function render(model: PreviewModel): void {
    const sameTarget = current !== undefined && current.user === model.user && whereKey(current) === whereKey(model);
    const focused = document.activeElement instanceof HTMLButtonElement && document.activeElement.classList.contains('cell') ? cellKey(document.activeElement) : undefined;
    const scroll = sameTarget ? window.scrollY : 0;
    current = model;
    state.model = model;
    save();

    app.dataset.status = model.status;
    app.dataset.version = String(model.version);
    app.dataset.user = model.user;
    if (model.where.institution === true) {
        delete app.dataset.collection;
        app.dataset.institution = 'true';
    } else {
        delete app.dataset.institution;
        app.dataset.collection = model.where.collection;
    }
    app.setAttribute('aria-busy', String(model.status === 'loading'));

    header.replaceChildren(...headerOf(model));
    notice.replaceChildren(...noticeOf(model));

    const profile = model.profile;
    const stale = model.status !== 'profile';
    groups.replaceChildren(...(profile ? profile.groups.map((group) => groupOf(group, profile)) : []));
    groups.classList.toggle('stale', stale && profile !== undefined);
    groups.toggleAttribute('inert', stale);
    if (stale) groups.setAttribute('aria-hidden', 'true');
    else groups.removeAttribute('aria-hidden');
    toolbar.hidden = profile === undefined;
    showDeniedInput.checked = showDenied();
    filterInput.value = state.filter;

    showSelection();
    applyVisibility();
    if (focused) {
        const again = findCell(focused.resource, focused.action);
        if (again && isShown(again)) again.focus({ preventScroll: true });
    }
    window.scrollTo(0, scroll);
}

function whereKey(model: PreviewModel): string {
    return model.where.institution === true ? '\u0000institution' : model.where.collection;
}

function whereText(model: { where: PreviewModel['where'] }): string {
    return model.where.institution === true ? 'at institution level' : `in ${model.where.collection}`;
}

// ---------------------------------------------------------------------------------------------
// Header and notices

function headerOf(model: PreviewModel): Node[] {
    const profile = model.profile;
    const choose = linkButton('Change…', () => post({ type: 'choose' }), { attrs: { title: 'Show another user or collection' } });
    const userName = profile?.userLocation ? locationLink(model.user, profile.userLocation, { className: 'user' }) : h('span', { className: 'user', text: model.user });
    const title = h('h1', {}, userName, (profile?.userTitle ?? '') !== '' && h('span', { className: 'user-title', text: profile!.userTitle! }));
    const where = h(
        'p',
        { className: 'where' },
        model.where.institution === true ? 'at ' : 'in ',
        h('strong', { text: model.where.institution === true ? 'institution level' : model.where.collection }),
        ' ',
        choose
    );
    if (!profile || model.status !== 'profile') return [title, where];

    const lines: Node[] = [title, where];
    const gate = profile.collectionAccess;
    if (gate) {
        if (gate.allowed) {
            lines.push(h('p', { className: 'gate allowed' }, mark('allowed'), ' Collection access: yes ', h('span', { className: 'from', text: '← ' }), grantsInline(gate.grants)));
        } else {
            const blocked = profile.summary.blocked;
            lines.push(
                h(
                    'p',
                    { className: 'gate blocked' },
                    mark('blocked'),
                    ` Collection access: no. ${model.user} cannot enter ${model.where.collection ?? ''}, so every request there is refused` +
                        (blocked > 0 ? `; policies grant ${blocked} of them, shown as blocked.` : '.')
                )
            );
        }
    } else {
        lines.push(h('p', { className: 'note', text: 'Only institution-level user policies count here; roles and collection policies never do.' }));
    }
    const { summary } = profile;
    const warnings = model.warnings ?? 0;
    lines.push(
        h(
            'p',
            { className: 'summary' },
            h('span', { text: `${summary.allowed} of ${summary.cells} allowed` }),
            summary.blocked > 0 && h('span', { className: 'sep', text: ' · ' }),
            summary.blocked > 0 && h('span', { className: 'blocked-count', text: `${summary.blocked} blocked` }),
            h('span', { className: 'sep', text: ' · ' }),
            warnings > 0
                ? linkButton(`${warnings} warning${warnings === 1 ? '' : 's'}`, () => post({ type: 'showProblems' }), { attrs: { title: 'Open the Problems panel' } })
                : h('span', { text: 'no warnings' })
        )
    );
    return lines;
}

function noticeOf(model: PreviewModel): Node[] {
    switch (model.status) {
        case 'profile':
            return [];
        case 'loading':
            return [h('p', { className: 'notice loading', attrs: { role: 'status' }, text: `Loading the permission profile of ${model.user} ${whereText(model)}…` })];
        case 'blocked': {
            const problems = model.problems ?? [];
            return [
                h(
                    'div',
                    { className: 'notice blocked', attrs: { role: 'alert' } },
                    h('h2', { text: 'No profile while the workspace has errors' }),
                    h('p', { className: 'message', text: model.message ?? '' }),
                    problems.length > 0 && h('ul', { className: 'problems' }, ...problems.map(problemItem)),
                    h('p', {
                        className: 'hint',
                        text: model.profile
                            ? 'The last profile computed is kept below, greyed out; it comes back to life once the errors are fixed.'
                            : 'The profile appears once the errors are fixed.'
                    })
                )
            ];
        }
        case 'unknown': {
            const suggestions = model.suggestions ?? [];
            return [
                h(
                    'div',
                    { className: 'notice unknown', attrs: { role: 'alert' } },
                    h('h2', { text: 'Nothing to show' }),
                    h('p', { className: 'message', text: model.message ?? '' }),
                    (model.declarations ?? []).length > 0 &&
                        h(
                            'ul',
                            { className: 'problems' },
                            ...(model.declarations ?? []).map((place) => h('li', { className: 'error' }, locationLink(`declared at ${placeOf(place)}`, place, { className: 'problem' })))
                        ),
                    suggestions.length > 0 &&
                        h(
                            'p',
                            { className: 'suggestions' },
                            'Did you mean: ',
                            ...suggestions.flatMap((name, i) => [
                                i > 0 ? ' ' : '',
                                h('button', {
                                    className: 'suggestion',
                                    text: name,
                                    attrs: { type: 'button', 'aria-label': `Show ${name} instead` },
                                    data: { name },
                                    onClick: () => post({ type: 'useName', name })
                                })
                            ])
                        ),
                    h('p', {}, h('button', { className: 'secondary', text: 'Choose a user…', attrs: { type: 'button' }, onClick: () => post({ type: 'choose' }) }))
                )
            ];
        }
        case 'error':
            return [h('div', { className: 'notice error', attrs: { role: 'alert' } }, h('p', { className: 'message', text: model.message ?? 'The profile could not be computed.' }))];
    }
}

function problemItem(problem: ProblemView): HTMLElement {
    const label = `${problem.code}: ${problem.message}`;
    const content = problem.location ? locationLink(label, problem.location, { className: 'problem' }) : h('span', { className: 'problem', text: label });
    return h('li', { className: problem.severity }, content, problem.location && h('span', { className: 'place', text: ` ${placeOf(problem.location)}` }));
}

/** A link to a place in the workspace: `data-uri` and a one-based `data-line`, as shown. */
function locationLink(text: string, location: SpolLocation, props: Props = {}): HTMLButtonElement {
    const button = linkButton(text, () => post({ type: 'reveal', location }), {
        ...props,
        attrs: { title: `Go to ${placeOf(location)}`, ...props.attrs },
        data: { uri: location.uri, line: String(location.range.start.line + 1), ...props.data }
    });
    targets.set(button, location);
    return button;
}

function placeOf(location: SpolLocation): string {
    const name = current?.places[location.uri] ?? location.uri.slice(location.uri.lastIndexOf('/') + 1);
    return `${name}:${location.range.start.line + 1}`;
}

function grantsInline(grants: readonly GrantView[]): HTMLElement {
    return h('span', { className: 'grants-inline' }, ...grants.flatMap((grant, i) => [i > 0 ? '; ' : '', grantLink(grant)]));
}

function grantLink(grant: GrantView): HTMLElement {
    const label = h('span', { className: 'label', text: grant.label });
    if (!grant.location) return h('span', { className: 'grant', data: { label: grant.label } }, label);
    const button = locationLink('', grant.location, { className: 'grant', data: { label: grant.label }, attrs: { 'aria-label': `${grant.label}, ${placeOf(grant.location)}` } });
    button.append(label, h('span', { className: 'place', text: ` ${placeOf(grant.location)}` }));
    return button;
}

function mark(state: CellState): HTMLElement {
    return h('span', { className: `mark ${state}`, text: state === 'allowed' ? '✓' : state === 'blocked' ? '⊘' : '✗', attrs: { 'aria-hidden': 'true' } });
}

// ---------------------------------------------------------------------------------------------
// Groups, rows and cells

function cellState(cell: CellView): CellState {
    return cell.allowed ? 'allowed' : cell.blocked ? 'blocked' : 'denied';
}

function groupOf(group: ProfileGroupView, profile: ProfileView): HTMLElement {
    const cells = group.entries.flatMap((entry) => entry.cells);
    const allowed = cells.filter((cell) => cell.allowed).length;
    const tables = group.kind === 'table' || group.kind === 'system-table';
    const details = h(
        'details',
        { attrs: { open: state.closed.includes(group.kind) ? undefined : '' } },
        h(
            'summary',
            {},
            h('span', { className: 'group-title', text: group.title, attrs: { role: 'heading', 'aria-level': '2' } }),
            h('span', { className: 'count', text: ` ${allowed} of ${cells.length} allowed` })
        ),
        // Rows of divs with table roles, not a <table>: a table lays out every row to size its
        // columns, which made each answer take hundreds of milliseconds; fixed columns let the
        // rows off screen skip layout (content-visibility in preview.css).
        h(
            'div',
            { className: `entries ${widthClass(group)}`, attrs: { role: 'table', 'aria-label': group.title } },
            h(
                'div',
                { className: 'visually-hidden', attrs: { role: 'row' } },
                h('span', { text: 'Resource', attrs: { role: 'columnheader' } }),
                tables && h('span', { text: 'Scope', attrs: { role: 'columnheader' } }),
                h('span', { text: 'Actions', attrs: { role: 'columnheader' } })
            ),
            ...group.entries.map((entry) => rowOf(group, entry, profile, tables))
        ),
        h('p', { className: 'empty', attrs: { hidden: '' } })
    );
    details.addEventListener('toggle', () => {
        state.closed = state.closed.filter((kind) => kind !== group.kind);
        if (!details.open) state.closed.push(group.kind);
        save();
        ensureTabStop();
    });
    return h('section', { className: 'group', data: { group: group.kind } }, details);
}

/** The resource column's width, in characters of the editor font: the group's longest name. */
function widthClass(group: ProfileGroupView): string {
    const longest = Math.max(0, ...group.entries.map((entry) => entry.resource.length));
    return `w${Math.min(48, Math.max(16, Math.ceil((longest + 1) / 4) * 4))}`;
}

function rowOf(group: ProfileGroupView, entry: EntryView, profile: ProfileView, tables: boolean): HTMLElement {
    const has = entry.cells.some((cell) => cell.allowed || cell.blocked);
    const badge =
        profile.collection !== undefined && entry.level === 'institution'
            ? h('span', { className: 'badge', text: 'institution level', attrs: { title: 'Specify checks this resource without a collection: only institution-level user policies count.' } })
            : undefined;
    return h(
        'div',
        { className: 'entry', attrs: { role: 'row' }, data: { resource: entry.resource, has: has ? 'true' : 'false' } },
        h('span', { className: 'resource', attrs: { role: 'rowheader', title: entry.description } }, h('span', { className: 'path', text: entry.resource }), badge),
        tables && h('span', { className: 'scope', text: entry.scope ?? '', attrs: { role: 'cell' } }),
        h('span', { className: 'cells', attrs: { role: 'cell' } }, ...entry.cells.map((cell) => cellButton(group, entry, cell)))
    );
}

function cellButton(group: ProfileGroupView, entry: EntryView, cell: CellView): HTMLButtonElement {
    const state = cellState(cell);
    const button = h(
        'button',
        {
            className: `cell ${state}`,
            attrs: { type: 'button', tabindex: '-1', 'aria-pressed': 'false', 'aria-label': `${cell.action} on ${entry.resource}: ${state}` },
            data: { resource: entry.resource, action: cell.action, state },
            onClick: () => select(entry.resource, cell.action)
        },
        mark(state),
        h('span', { className: 'action', text: cell.action })
    );
    cellData.set(button, { entry, cell, group });
    return button;
}

function cellKey(button: HTMLElement): { resource: string; action: string } {
    return { resource: button.dataset.resource ?? '', action: button.dataset.action ?? '' };
}

function findCell(resource: string, action: string): HTMLButtonElement | undefined {
    return [...groups.querySelectorAll<HTMLButtonElement>('button.cell')].find((b) => b.dataset.resource === resource && b.dataset.action === action);
}

// ---------------------------------------------------------------------------------------------
// Selection and its grants

function select(resource: string, action: string): void {
    state.selected = { resource, action };
    save();
    showSelection();
    const button = findCell(resource, action);
    if (button) setTabStop(button);
}

function clearSelection(): void {
    delete state.selected;
    save();
    showSelection();
}

function showSelection(): void {
    for (const row of groups.querySelectorAll('.why')) row.remove();
    for (const pressed of groups.querySelectorAll('button.cell[aria-pressed="true"]')) pressed.setAttribute('aria-pressed', 'false');
    const chosen = state.selected;
    const button = chosen ? findCell(chosen.resource, chosen.action) : undefined;
    if (!button) return;
    button.setAttribute('aria-pressed', 'true');
    const data = cellData.get(button);
    const row = button.closest<HTMLElement>('.entry');
    if (!data || !row) return;
    const details = h(
        'div',
        { className: 'why', attrs: { role: 'row' }, data: { resource: data.entry.resource, action: data.cell.action, state: cellState(data.cell) } },
        h('div', { attrs: { role: 'cell' } }, detailsOf(data.entry, data.cell))
    );
    details.hidden = row.hidden;
    row.after(details);
}

function detailsOf(entry: EntryView, cell: CellView): HTMLElement {
    const state = cellState(cell);
    const user = current?.user ?? 'the user';
    const where = current?.where.collection ?? '';
    const verdict =
        state === 'allowed'
            ? 'allowed'
            : state === 'blocked'
              ? `blocked: a policy grants it, but ${user} cannot enter ${where}`
              : cell.reason === 'no-collection-access'
                ? `denied: ${user} cannot enter ${where}, and no policy grants it`
                : 'denied: no policy grants it';
    const grants = cell.grants;
    return h(
        'div',
        { className: 'details-body', attrs: { role: 'region', 'aria-label': `Why ${cell.action} on ${entry.resource} is ${state}` } },
        h('p', { className: 'verdict' }, mark(state), ' ', h('strong', { text: cell.action }), ' on ', h('code', { text: entry.resource }), `: ${verdict}`),
        entry.description !== '' && h('p', { className: 'description', text: entry.description }),
        cell.missingTables && cell.missingTables.length > 0 && h('p', { className: 'missing', text: `Not allowed on ${cell.missingTables.join(', ')}.` }),
        grants.length > 0
            ? h(
                  'div',
                  {},
                  h('p', { className: 'granted-by', text: state === 'blocked' ? 'Would be granted by:' : 'Granted by:' }),
                  h(
                      'ul',
                      { className: 'grants' },
                      ...grants.map((grant) => {
                          const extra = grant.actions.length > 0 && (grant.actions.length !== 1 || grant.actions[0] !== cell.action);
                          return h('li', {}, grantLink(grant), extra && h('span', { className: 'actions', text: ` [${grant.actions.join(' ')}]` }));
                      })
                  )
              )
            : h('p', { className: 'none', text: 'No policy grants it.' })
    );
}

// ---------------------------------------------------------------------------------------------
// Filter, "show denied", keyboard

function rowShown(row: HTMLElement): boolean {
    const filter = state.filter.trim().toLowerCase();
    const resource = (row.dataset.resource ?? '').toLowerCase();
    return (filter === '' || resource.includes(filter)) && (showDenied() || row.dataset.has === 'true');
}

function applyVisibility(): void {
    let shown = 0;
    let total = 0;
    for (const section of groups.querySelectorAll<HTMLElement>('section.group')) {
        let inGroup = 0;
        for (const row of section.querySelectorAll<HTMLElement>('.entry')) {
            const visible = rowShown(row);
            row.hidden = !visible;
            const next = row.nextElementSibling as HTMLElement | null;
            if (next?.classList.contains('why')) next.hidden = !visible;
            total += 1;
            if (visible) inGroup += 1;
        }
        shown += inGroup;
        const empty = section.querySelector<HTMLElement>('p.empty');
        const table = section.querySelector<HTMLElement>('.entries');
        if (empty && table) {
            empty.hidden = inGroup > 0;
            table.hidden = inGroup === 0;
            empty.textContent = state.filter.trim() !== '' ? 'No resource here matches the filter.' : 'Nothing allowed here. Turn on “Show denied” to see every resource.';
        }
    }
    shownCount.textContent = current?.profile ? `${shown} of ${total} resources shown` : '';
    ensureTabStop();
}

/** Shown: the row passes the filter and its group is open. */
function isShown(button: HTMLElement): boolean {
    const row = button.closest<HTMLElement>('.entry');
    const details = button.closest('details');
    return !!row && !row.hidden && !!details && details.open;
}

function shownRows(): HTMLElement[] {
    return [...groups.querySelectorAll<HTMLElement>('.entry')].filter((row) => !row.hidden && (row.closest('details')?.open ?? false));
}

function setTabStop(button: HTMLButtonElement): void {
    for (const other of groups.querySelectorAll<HTMLButtonElement>('button.cell[tabindex="0"]')) if (other !== button) other.tabIndex = -1;
    button.tabIndex = 0;
}

/** One cell is in the tab order (the selected one if shown, else the first shown); arrows move. */
function ensureTabStop(): void {
    const stop = groups.querySelector<HTMLButtonElement>('button.cell[tabindex="0"]');
    if (stop && isShown(stop)) return;
    const chosen = state.selected ? findCell(state.selected.resource, state.selected.action) : undefined;
    const first = chosen && isShown(chosen) ? chosen : shownRows()[0]?.querySelector<HTMLButtonElement>('button.cell');
    if (first) setTabStop(first);
}

groups.addEventListener('focusin', (event) => {
    const target = event.target as HTMLElement;
    if (target instanceof HTMLButtonElement && target.classList.contains('cell')) setTabStop(target);
});

groups.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (!(target instanceof HTMLButtonElement) || !target.classList.contains('cell')) return;
    if (event.key === 'Escape') {
        clearSelection();
        event.preventDefault();
        return;
    }
    const row = target.closest('.entry') as HTMLElement;
    const cells = [...row.querySelectorAll<HTMLButtonElement>('button.cell')];
    const index = cells.indexOf(target);
    const rows = shownRows();
    const at = rows.indexOf(row);
    const cellsOf = (r: HTMLElement | undefined) => (r ? [...r.querySelectorAll<HTMLButtonElement>('button.cell')] : []);
    let next: HTMLButtonElement | undefined;
    switch (event.key) {
        case 'ArrowRight':
            next = cells[index + 1] ?? cellsOf(rows[at + 1])[0];
            break;
        case 'ArrowLeft':
            next = cells[index - 1] ?? cellsOf(rows[at - 1]).at(-1);
            break;
        case 'ArrowDown': {
            const below = cellsOf(rows[at + 1]);
            next = below[Math.min(index, below.length - 1)];
            break;
        }
        case 'ArrowUp': {
            const above = cellsOf(rows[at - 1]);
            next = above[Math.min(index, above.length - 1)];
            break;
        }
        case 'Home':
            next = event.ctrlKey ? cellsOf(rows[0])[0] : cells[0];
            break;
        case 'End':
            next = event.ctrlKey ? cellsOf(rows.at(-1)).at(-1) : cells.at(-1);
            break;
        default:
            return;
    }
    event.preventDefault();
    if (next) {
        setTabStop(next);
        next.focus();
    }
});

// ---------------------------------------------------------------------------------------------
// Testing hooks: what the DOM shows

function linkOf(element: HTMLElement, label: string): SnapshotLink {
    const line = element.dataset.line;
    return { label, ...(element.dataset.uri ? { uri: element.dataset.uri } : {}), ...(line !== undefined ? { line: Number(line) } : {}) };
}

function snapshot(): PreviewSnapshot {
    const status = (app.dataset.status ?? 'loading') as PreviewSnapshot['status'];
    const live = status === 'profile' && !groups.hasAttribute('inert');
    const cells = live
        ? [...groups.querySelectorAll<HTMLButtonElement>('.entry:not([hidden]) button.cell')].map((button) => ({
              group: button.closest<HTMLElement>('section.group')?.dataset.group ?? '',
              resource: button.dataset.resource ?? '',
              action: button.dataset.action ?? '',
              state: (button.dataset.state ?? 'denied') as CellState
          }))
        : [];
    const details = live ? groups.querySelector<HTMLElement>('.why:not([hidden])') : null;
    const selected = details
        ? {
              resource: details.dataset.resource ?? '',
              action: details.dataset.action ?? '',
              state: (details.dataset.state ?? 'denied') as CellState,
              grants: [...details.querySelectorAll<HTMLElement>('.grant')].map((grant) => linkOf(grant, grant.dataset.label ?? grant.textContent ?? ''))
          }
        : undefined;
    const message = notice.querySelector('.message')?.textContent ?? undefined;
    const problems = [...notice.querySelectorAll<HTMLElement>('.problems .problem')].map((problem) => linkOf(problem, problem.textContent ?? ''));
    const suggestions = [...notice.querySelectorAll<HTMLElement>('button.suggestion')].map((button) => button.dataset.name ?? '');
    return {
        user: app.dataset.user ?? '',
        where: app.dataset.institution === 'true' ? { institution: true } : { collection: app.dataset.collection ?? '' },
        status,
        version: Number(app.dataset.version ?? 0),
        cells,
        ...(selected ? { selected } : {}),
        filter: filterInput.value,
        showDenied: showDeniedInput.checked,
        ...(message !== undefined ? { message } : {}),
        ...(status === 'blocked' ? { problems } : {}),
        ...(status === 'unknown' ? { suggestions } : {})
    };
}

function reply(id: number, run: () => unknown): void {
    try {
        post({ type: 'reply', id, result: run() });
    } catch (error) {
        post({ type: 'reply', id, error: error instanceof Error ? error.message : String(error) });
    }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const message = event.data;
    switch (message?.type) {
        case 'render':
            render(message.model);
            return;
        case 'snapshot':
            reply(message.id, snapshot);
            return;
        case 'select':
            reply(message.id, () => {
                const button = findCell(message.resource, message.action);
                if (!button || !isShown(button) || groups.hasAttribute('inert')) {
                    throw new Error(`The preview shows no cell ${message.action} on ${message.resource}.`);
                }
                button.click();
                return true;
            });
            return;
        case 'setView':
            reply(message.id, () => {
                if (message.filter !== undefined) {
                    filterInput.value = message.filter;
                    filterInput.dispatchEvent(new Event('input'));
                }
                if (message.showDenied !== undefined && message.showDenied !== showDeniedInput.checked) showDeniedInput.click();
                return true;
            });
            return;
    }
});

if (state.model) render(state.model);
post({ type: 'ready' });
