/**
 * Where the MariaDB server and its datadir initialiser are, for the database tests: the first
 * `mariadbd` (or `mysqld`) and `mariadb-install-db` (or `mysql_install_db`) on PATH or in the
 * sbin folders Debian installs them in (a user's PATH often lacks /usr/sbin). When either is
 * missing the answer is the message the database tests fail with: they never skip.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface MariadbPrograms {
    readonly server: string;
    readonly installDb: string;
}

/** The folders searched after PATH. */
export const SYSTEM_FOLDERS = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin'];

export const MARIADB_MISSING =
    'MariaDB is not installed (no mariadbd and mariadb-install-db on PATH or in /usr/sbin), and the database tests need a real server: ' +
    'install it with `apt-get install -y mariadb-server` (as .ci/run does) and run the tests again.';

export function findMariadb(path: string | undefined, folders: readonly string[] = SYSTEM_FOLDERS): MariadbPrograms | { readonly error: string } {
    const searched = [...(path ?? '').split(delimiter).filter((folder) => folder !== ''), ...folders];
    const server = firstProgram(searched, ['mariadbd', 'mysqld']);
    const installDb = firstProgram(searched, ['mariadb-install-db', 'mysql_install_db']);
    return server && installDb ? { server, installDb } : { error: MARIADB_MISSING };
}

function firstProgram(folders: readonly string[], names: readonly string[]): string | undefined {
    for (const name of names) {
        for (const folder of folders) {
            const file = join(folder, name);
            try {
                accessSync(file, constants.X_OK);
                return file;
            } catch {
                // not here
            }
        }
    }
    return undefined;
}
