/**
 * Loads the workspace's `.spol` files when the editor opens a folder, and validates every one of
 * them in that first build. Langium's default validates a file only once it is opened or changed,
 * so the Problems panel would start empty and the preview could answer over a file that does not
 * parse; spol's lint is workspace-wide anyway, so the whole workspace is checked from the start,
 * as `spol check` checks it.
 */
import type { BuildOptions } from 'langium';
import { DefaultWorkspaceManager } from 'langium';

export class SpolWorkspaceManager extends DefaultWorkspaceManager {
    override initialBuildOptions: BuildOptions = { validation: true };
}
