/**
 * Why a file or folder could not be read or written, in words for the person who named it: never
 * a bare errno name (`ELOOP`, `EACCES`) and never an empty reason. One table for the CLI and the
 * loading code, so every message says the same thing the same way.
 */
import { getSystemErrorMap } from 'node:util';

const COMMON: Readonly<Record<string, string>> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    ELOOP: 'a loop of symbolic links',
    ENAMETOOLONG: 'a name in the path is too long',
    EMFILE: 'too many files are open',
    ENFILE: 'too many files are open',
    EBUSY: 'it is busy'
};

const READING: Readonly<Record<string, string>> = { ...COMMON, EIO: 'the disk could not be read' };

const WRITING: Readonly<Record<string, string>> = {
    ...COMMON,
    EIO: 'the disk could not be written',
    EROFS: 'the file system is read-only',
    EEXIST: 'something that is not a folder is in the way (a file, or a symbolic link to nothing)',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EXDEV: 'it is on another disk',
    ENOFOLDERS: 'this place does not take new folders'
};

/** The reason in words; for other codes the system's own words (without the errno name). */
export function errorReason(error: unknown, doing: 'read' | 'write' = 'read'): string {
    const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
    const table = doing === 'read' ? READING : WRITING;
    if (typeof code === 'string' && table[code]) return table[code]!;
    const words = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
    if (words) return words;
    const message = error instanceof Error ? error.message.replace(/^[A-Z][A-Z0-9_]+: /, '').replace(/,.*$/, '').trim() : '';
    return message || (doing === 'read' ? 'it could not be read' : 'it could not be written');
}
