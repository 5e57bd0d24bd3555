// "Model Lens: Open Pretrained Model…": pick a Hugging Face folder (GPT-2, Llama, Qwen2, SmolLM2, Gemma 3) or a Model Lens checkpoint, load it
// with cancellable progress, list it in the Model Lens view (setting modelLens.modelFolders) and offer to use it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lmModelCardRequest, type AnyModelCard as ModelCard } from '../../protocol/lm';
import type { Services } from '../../services';
import { ensureTrusted } from '../../features/trust';
import { updateModelFolders, useForPredictions } from './lmModels';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Names what is missing before the engine is asked, so a wrong folder gets a precise message. */
async function checkFolder(dir: string): Promise<void> {
  const u = vscode.Uri.file(dir);
  const [config, single, sharded, manifest] = await Promise.all(
    ['config.json', 'model.safetensors', 'model.safetensors.index.json', 'manifest.json'].map((f) => exists(vscode.Uri.joinPath(u, f))),
  );
  const weights = single || sharded;
  if (manifest) return;
  if (!config && !weights) throw new Error(`${dir} has no config.json and no model.safetensors: choose the folder of a Hugging Face model (GPT-2, Llama, Qwen2, SmolLM2, Gemma 3) or a Model Lens checkpoint`);
  if (!config) throw new Error(`${dir} has safetensors weights but no config.json: the model's config is needed to read them`);
  if (!weights) throw new Error(`${dir} has config.json but no model.safetensors or model.safetensors.index.json (only safetensors weights are read; convert pytorch_model.bin first)`);
}

/**
 * Runs the command. `folder` (a path or Uri) skips the dialog; `use: true` also sets it for predictions without asking.
 * Resolves with the loaded model's card, or undefined when the person backed out.
 */
export async function openPretrainedModel(s: Services, folder?: unknown, opts?: { use?: boolean }, onAdded?: () => void): Promise<ModelCard | undefined> {
  if (!(await ensureTrusted('Opening a model folder'))) return undefined;
  let dir = typeof folder === 'string' ? folder : folder instanceof vscode.Uri ? folder.fsPath : undefined;
  if (!dir) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Open Model',
      title: 'Open a Hugging Face model folder (config.json + model.safetensors): GPT-2, Llama, Qwen2, SmolLM2, Gemma 3, BERT, DistilBERT',
    });
    if (!picked?.length) return undefined;
    dir = picked[0].fsPath;
  }
  dir = path.resolve(dir);
  await checkFolder(dir);
  const name = path.basename(dir);
  const card = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Model Lens: loading ${name}`, cancellable: true },
    async (progress, token) => {
      let last = 0;
      return s.engine.request(lmModelCardRequest, { modelId: dir }, {
        token,
        task: `loading ${name}`,
        onProgress: (p) => {
          const f = p.fraction ?? last;
          progress.report({ message: p.message, increment: Math.max(0, (f - last) * 100) });
          last = f;
        },
      });
    },
  );
  await updateModelFolders(dir);
  onAdded?.();
  s.log(`opened ${dir}: ${card.params.total.toLocaleString('en-US')} parameters, ${card.config.nLayers} layers`);
  // a BERT-family encoder becomes the model of Predict Masked Word and the bidirectional views, not of next-token prediction
  if (opts?.use && 'causal' in card.config && card.config.causal === false) await vscode.workspace.getConfiguration('modelLens').update('bidirectionalModel', dir, vscode.ConfigurationTarget.Global);
  else if (opts?.use) await useForPredictions(dir);
  else if (folder === undefined) {
    void vscode.window
      .showInformationMessage(
        `Model Lens: opened ${name} (${card.params.total.toLocaleString('en-US')} parameters, ${card.config.nLayers} layers). Use it for predictions?`,
        'Use for Predictions',
        'Show Model Card',
      )
      .then((pick) => {
        if (pick === 'Use for Predictions') return vscode.commands.executeCommand('modelLens.useLanguageModel', dir);
        if (pick === 'Show Model Card') return vscode.commands.executeCommand('modelLens.showModelCard', dir);
        return undefined;
      });
  }
  return card;
}
