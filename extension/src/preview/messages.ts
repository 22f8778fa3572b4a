/**
 * The messages between the profile preview's panel (panel.ts, in the extension host) and its
 * webview (webview/main.ts, in the browser), and the shapes they carry. Type-only on the webview's
 * side: the webview bundle takes nothing from here but the types.
 *
 * The extension sends what to show (`render`, one whole answer at a time) and the testing hooks'
 * questions (`snapshot`, `select`, `setView`); the webview answers those with `reply`, and asks the
 * extension to do what only the editor can (reveal a line, pick a user, open the Problems panel).
 */
import type { ProblemView, ProfileView, SpolLocation, SpolWhere } from '../../../language/protocol.js';

/** What the preview is showing. `error`: the request itself failed (the server stopped, say). */
export type PreviewStatus = 'loading' | 'profile' | 'blocked' | 'unknown' | 'error';

/** One whole screen's worth: the webview renders it and nothing else. */
export interface PreviewModel {
    /** Grows by one with every model the panel sends (a new answer, or loading a new target). */
    readonly version: number;
    readonly user: string;
    readonly where: SpolWhere;
    readonly status: PreviewStatus;
    /** `profile`: the answer; `blocked`: the last good answer for this user and place, shown greyed. */
    readonly profile?: ProfileView;
    /** Warnings in the workspace (with `profile`). */
    readonly warnings?: number;
    /** `blocked`, `unknown`, `error`: one sentence. */
    readonly message?: string;
    /** `blocked`: the problems that block every answer. */
    readonly problems?: readonly ProblemView[];
    /** `unknown`: did-you-mean, best first. */
    readonly suggestions?: readonly string[];
    /** `unknown` for a name declared twice: every declaration. */
    readonly declarations?: readonly SpolLocation[];
    /** Every URI the model links to, as the editor names it (relative to the workspace folder). */
    readonly places: Readonly<Record<string, string>>;
    /** `spol.preview.showDenied`: the toggle's value until the user flips it. */
    readonly showDeniedDefault: boolean;
}

export type CellState = 'allowed' | 'denied' | 'blocked';

/** What the webview's DOM shows, as the `spol.internal.previewSnapshot` command returns it. */
export interface PreviewSnapshot {
    readonly user: string;
    readonly where: SpolWhere;
    readonly status: PreviewStatus;
    readonly version: number;
    /** The cells of the rows shown (filter and "show denied" applied); none unless `status` is `profile`. */
    readonly cells: readonly { readonly group: string; readonly resource: string; readonly action: string; readonly state: CellState }[];
    /** The selected cell and its grants (`line` one-based, as shown). */
    readonly selected?: {
        readonly resource: string;
        readonly action: string;
        readonly state: CellState;
        readonly grants: readonly SnapshotLink[];
    };
    readonly filter: string;
    readonly showDenied: boolean;
    /** `blocked`, `unknown`, `error`: the message shown. */
    readonly message?: string;
    /** `blocked`: the problems listed, as links. */
    readonly problems?: readonly SnapshotLink[];
    /** `unknown`: the did-you-mean buttons. */
    readonly suggestions?: readonly string[];
}

export interface SnapshotLink {
    readonly label: string;
    readonly uri?: string;
    readonly line?: number;
}

/** Extension → webview. */
export type ToWebview =
    | { readonly type: 'render'; readonly model: PreviewModel }
    | { readonly type: 'snapshot'; readonly id: number }
    | { readonly type: 'select'; readonly id: number; readonly resource: string; readonly action: string }
    | { readonly type: 'setView'; readonly id: number; readonly filter?: string; readonly showDenied?: boolean };

/** Webview → extension. */
export type FromWebview =
    | { readonly type: 'ready' }
    | { readonly type: 'reveal'; readonly location: SpolLocation }
    | { readonly type: 'useName'; readonly name: string }
    | { readonly type: 'choose' }
    | { readonly type: 'showProblems' }
    | { readonly type: 'reply'; readonly id: number; readonly result?: unknown; readonly error?: string };
