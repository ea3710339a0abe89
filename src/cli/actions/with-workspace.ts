import { openWorkspace, type Workspace, type WorkspaceOverrides } from '../../workspace/index.js';
import type { CommandContext } from '../output.js';

/** Opens the command's workspace (from -C / -c), runs `work`, and closes it whatever happens. */
export async function withWorkspace<T>(
  context: Pick<CommandContext, 'cwd' | 'config'>,
  work: (workspace: Workspace) => Promise<T>,
  overrides?: WorkspaceOverrides,
): Promise<T> {
  const workspace = await openWorkspace({
    cwd: context.cwd,
    ...(context.config ? { config: context.config } : {}),
    ...(overrides ? { overrides } : {}),
  });
  try {
    return await work(workspace);
  } finally {
    await workspace.close();
  }
}
