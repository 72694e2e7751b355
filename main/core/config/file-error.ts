/** A file-system error in words a user can act on. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EROFS':
      return 'the disk is read-only'
    case 'ENOSPC':
      return 'the disk is full'
    case 'EDQUOT':
      return 'the disk quota is used up'
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way of the folder'
    case 'EISDIR':
      return 'a folder is in the way of the file'
    case 'EFBIG':
      return 'the file is too large'
    case 'ENOTREG':
      return 'it is not a regular file'
    case 'ELOOP':
      return 'it is a symbolic link'
    default:
      return code ?? (error instanceof Error ? error.message : String(error))
  }
}
