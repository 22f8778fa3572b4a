/**
 * Why a file or folder could not be read, in words for the person who named it: never a bare
 * errno name (`ELOOP`, `EACCES`) and never an empty reason.
 */
const REASONS: Readonly<Record<string, string>> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    ELOOP: 'a loop of symbolic links',
    ENAMETOOLONG: 'the name is too long',
    EMFILE: 'too many files are open',
    ENFILE: 'too many files are open',
    EIO: 'the disk could not be read',
    EBUSY: 'it is busy'
};

export function fileErrorReason(error: unknown): string {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && REASONS[code]) return REASONS[code]!;
    // Node's own sentence without its errno prefix ("ELOOP: too many symbolic links…").
    const message = error instanceof Error ? error.message.replace(/^[A-Z][A-Z0-9_]+: /, '').replace(/,.*$/, '').trim() : '';
    return message || 'it could not be read';
}
