/**
 * A generated workspace big enough that writing it (fmt, import --write, export) takes a while:
 * one collection, `roles` roles over two files and `users` users over `userFiles` files, laid out
 * untidily so that `spol fmt` rewrites every user file. `revised` changes every role's
 * description: the same workspace with different export and import results.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BigWorkspaceSize {
    readonly users: number;
    readonly userFiles: number;
    readonly roles: number;
    readonly revised?: boolean;
}

export function bigWorkspace(size: BigWorkspaceSize): string {
    const dir = mkdtempSync(join(tmpdir(), 'spol-big-'));
    writeFileSync(
        join(dir, 'institution.spol'),
        'institution I "Institution" {\n    division D "Division" {\n        discipline Fi "Fishes" type fish {\n            collection C "Collection" code "C"\n        }\n    }\n}\n\n' +
            'user admin "Admin" {\n    institution admin\n    agent "Admin" in D\n}\n'
    );
    const role = (i: number) =>
        `role R${i} "Role ${i}" in C {\n    description "Role number ${i}${size.revised ? ', revised' : ''}."\n    allow /table/%: read\n    allow /table/agent: update\n}\n\n`;
    const half = Math.ceil(size.roles / 2);
    writeFileSync(join(dir, 'roles-a.spol'), Array.from({ length: half }, (_, i) => role(i)).join(''));
    writeFileSync(join(dir, 'roles-b.spol'), Array.from({ length: size.roles - half }, (_, i) => role(half + i)).join(''));
    mkdirSync(join(dir, 'users'));
    const perFile = Math.ceil(size.users / size.userFiles);
    for (let f = 0; f < size.userFiles; f++) {
        let text = '';
        for (let n = f * perFile; n < Math.min(size.users, (f + 1) * perFile); n++) {
            text += `user  u${n} "User ${n}" {agent "U${n}"   in D\n in C { access\n roles R${n % size.roles} } }\n`;
        }
        writeFileSync(join(dir, 'users', `u${f}.spol`), text);
    }
    return dir;
}
