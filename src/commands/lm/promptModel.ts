// Which model folder the Prompt panel talks to: the current language model when it carries a chat template,
// else the person's pick among modelLens.modelFolders (folders without a template still take a plain prompt).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hasChatTemplate } from './chatTemplateFile';
import { modelFolders } from './lmModels';
import { chosenModel, DEFAULT_LM } from './selection';

/** The folder to prompt; undefined when the person backs out of the quick pick. */
export async function pickPromptModel(): Promise<string | undefined> {
  const current = chosenModel();
  if (current !== DEFAULT_LM && hasChatTemplate(current)) return current;
  const folders = modelFolders();
  if (!folders.length) {
    throw new Error(
      'The Prompt panel needs a Hugging Face model folder with a chat template (an instruction-tuned model such as Qwen/Qwen2.5-0.5B-Instruct or google/gemma-3-270m-it): add one with "Model Lens: Open Pretrained Model…" first.',
    );
  }
  const items = folders
    .map((f) => {
      const t = hasChatTemplate(f);
      return { label: path.basename(f), description: t ? 'chat template' : 'no chat template: plain prompt only', detail: f, folder: f, t };
    })
    .sort((a, b) => Number(b.t) - Number(a.t));
  if (items.length === 1) return items[0].folder;
  const pick = await vscode.window.showQuickPick(items, { title: 'Prompt which model?', placeHolder: 'Model folders from the setting modelLens.modelFolders' });
  return pick?.folder;
}
