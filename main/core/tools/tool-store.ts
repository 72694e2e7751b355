import { z } from 'zod'
import type { Result } from '../../../preload/api'
import type { CredentialVault } from '../account/credential-vault'
import { rememberSecret } from '../log'
import { err, fail, ok } from '../result'
import { TOOL_NAME_PATTERN } from './tool-name'

/** One tool's device as the keychain keeps it. The token never leaves main. */
export interface ToolRecord {
  readonly name: string
  /** The Home profile the device was minted for (its user uuid); null for the account's owner. */
  readonly profile: string | null
  readonly clientIdentifier: string
  readonly token: string
  /** Epoch ms. */
  readonly createdAt: number
}

/** The keychain entry of an account's tools. */
export const toolsEntryName = (accountUuid: string): string => `tools:${accountUuid}`

// A token goes into a header as it is: printable ASCII, as the vault keeps the account's.
const recordSchema = z.strictObject({
  name: z.string().regex(TOOL_NAME_PATTERN),
  profile: z.string().min(1).max(200).nullable(),
  clientIdentifier: z.string().min(1).max(200),
  token: z.string().regex(/^[\x21-\x7e]{1,4096}$/),
  createdAt: z.iso.datetime(),
})
const entrySchema = z.strictObject({ tools: z.array(recordSchema).max(1000) })

/** The same tool twice for one profile would make "which device is kometa's?" unanswerable. */
const sameTool = (a: Pick<ToolRecord, 'name' | 'profile'>, b: Pick<ToolRecord, 'name' | 'profile'>): boolean =>
  a.name === b.name && a.profile === b.profile

function malformed(entry: string, why: string): Result<never> {
  // Never the value itself: it holds tokens.
  return fail(
    'keychain',
    `The keychain entry "${entry}" is not a list of tools Plexkey can use (${why}). Remove that entry (service plexkey) to start over; the devices it named stay at plex.tv until removed with \`plexkey devices revoke\`.`,
  )
}

function parse(entry: string, text: string | null): Result<readonly ToolRecord[]> {
  if (text === null) return ok([])
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return malformed(entry, 'not JSON')
  }
  const parsed = entrySchema.safeParse(json)
  if (!parsed.success) return malformed(entry, 'missing or invalid fields')
  const tools = parsed.data.tools.map((tool) => ({ ...tool, createdAt: Date.parse(tool.createdAt) }))
  if (tools.some((tool, i) => tools.findIndex((other) => sameTool(tool, other)) !== i)) return malformed(entry, 'a tool listed twice')
  for (const tool of tools) rememberSecret(tool.token)
  return ok(tools)
}

function serialise(tools: readonly ToolRecord[]): string {
  return JSON.stringify({ tools: tools.map((tool) => ({ ...tool, createdAt: new Date(tool.createdAt).toISOString() })) })
}

/** What a change of the list decides: the list to keep, and what the change gives back. */
export interface ToolChange<T> {
  readonly tools: readonly ToolRecord[]
  readonly value: T
}

/** The tools of one account, kept in the keychain entry `tools:<accountUuid>`. */
export interface ToolStore {
  readonly entry: string
  list(): Promise<Result<readonly ToolRecord[]>>
  /**
   * Reads the list, lets `change` decide (it may call plex.tv meanwhile), and writes what it
   * decided, while no other process changes Plexkey's keychain entries. An unchanged list is not
   * written; an empty one removes the entry.
   */
  update<T>(change: (tools: readonly ToolRecord[]) => Promise<Result<ToolChange<T>>>): Promise<Result<T>>
}

export function createToolStore(vault: CredentialVault, accountUuid: string): ToolStore {
  const entry = toolsEntryName(accountUuid)
  const list = async (): Promise<Result<readonly ToolRecord[]>> => {
    const read = await vault.getEntry(entry)
    return read.ok ? parse(entry, read.value) : err(read.error)
  }
  return {
    entry,
    list,
    update: async (change) => {
      const held = await vault.exclusively(async () => {
        const before = await list()
        if (!before.ok) return before
        const decided = await change(before.value)
        if (!decided.ok || decided.value.tools === before.value) return decided.ok ? ok(decided.value.value) : decided
        const written = decided.value.tools.length === 0 ? await vault.deleteEntry(entry) : await vault.setEntry(entry, serialise(decided.value.tools))
        return written.ok ? ok(decided.value.value) : err(written.error)
      })
      return held.ok ? held.value : err(held.error)
    },
  }
}

/** The tool `name` of `profile`, if the list has it. */
export function findTool(tools: readonly ToolRecord[], name: string, profile: string | null): ToolRecord | undefined {
  return tools.find((tool) => sameTool(tool, { name, profile }))
}

/** The list with `record` in place of any earlier device of the same tool and profile. */
export function withTool(tools: readonly ToolRecord[], record: ToolRecord): readonly ToolRecord[] {
  return [...tools.filter((tool) => !sameTool(tool, record)), record]
}

/** The list without the tool `name` of `profile`. */
export function withoutTool(tools: readonly ToolRecord[], name: string, profile: string | null): readonly ToolRecord[] {
  return tools.filter((tool) => !sameTool(tool, { name, profile }))
}
