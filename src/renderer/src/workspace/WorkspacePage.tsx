// The annotator's workspace for one image: expressions (and the methods run for them) on the left, the image with
// its masks in the middle, candidates on the right. Every decision and correction is saved the moment it is made.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Candidate, Rle } from '../../../shared/domain';
import { useApi } from '../api-context';
import { formatCount } from '../app/format';
import { useHotkeys } from '../app/hotkeys';
import type { Route } from '../app/route';
import { errorMessage, useLoad } from '../app/use-load';
import type { Navigate } from '../app/use-route';
import { EditSession } from '../correct/edit-session';
import { ModelsDialog } from '../models/ModelsDialog';
import { answerStyle, GROUND_TRUTH_STYLE, methodColor, OTHER_ANSWER_STYLE, previewStyle } from './colors';
import { CandidatesPanel } from './CandidatesPanel';
import { CategoryPicker } from './CategoryPicker';
import { CompareView } from './CompareView';
import { CorrectionToolbar } from './CorrectionToolbar';
import {
  columnsOf,
  expressionState,
  initialCandidate,
  readingOrder,
  savedProvenance,
  stepCandidate,
  stepId,
} from './decisions';
import { ExpressionPanel } from './ExpressionPanel';
import { MethodSettings } from './MethodSettings';
import { PredictBar } from './PredictBar';
import { overrideCount } from './predict-overrides';
import { pickProposalSet, proposalLayers } from './proposal-layers';
import { upcomingImages } from './navigation';
import { usePredictions } from './use-predictions';
import { useSamRefine } from './use-sam-refine';
import { HeatmapControls } from './HeatmapControls';
import { heatmapKey } from './heatmap-raster';
import { heatmapCanvas } from './overlays';
import { ImageStage, type Overlay, type StageHandle } from './ImageStage';
import { neighbourImage } from './navigation';
import { CanvasCache, compositeCanvas } from './overlays';
import { isPolygonTool, stepBrush, type Tool } from './tools';
import { useAnswer } from './use-answer';
import { useImageElement } from './use-image-element';
import { AnswerInfo } from './AnswerInfo';
import { ViewControls } from './ViewControls';

type WorkspaceRoute = Extract<Route, { page: 'workspace' }>;

const CANDIDATE_POLL_MS = 1500;
/** How many of the next images SAM encodes ahead. */
const PREPARE_AHEAD = 3;

export function WorkspacePage({ route, navigate }: { route: WorkspaceRoute; navigate: Navigate }) {
  const client = useApi();
  const { datasetId, imageId, filter, at } = route;

  const image = useLoad(`image/${imageId}`, () => client.call('images.get', { imageId }));
  const dataset = useLoad(`dataset/${datasetId}`, () => client.call('datasets.get', { datasetId }));
  const expressions = useLoad(`expressions/${imageId}`, () => client.call('expressions.list', { imageId }));
  const annotations = useLoad(`annotations/${imageId}`, () => client.call('annotations.list', { imageId }));
  const categories = useLoad(`categories/${datasetId}`, () => client.call('categories.list', { datasetId }));
  const expressionList = useMemo(() => expressions.value ?? [], [expressions.value]);
  const annotationList = useMemo(() => annotations.value ?? [], [annotations.value]);

  // The expression: the route's, else the first still open on this image (written back to the route so it stays).
  const fallbackExpression =
    expressionList.find((x) => expressionState(annotationList, x.id) === 'open')?.id ?? expressionList[0]?.id ?? null;
  const expressionId =
    route.expressionId !== null && expressionList.some((x) => x.id === route.expressionId)
      ? route.expressionId
      : expressions.value
        ? fallbackExpression
        : null;
  const expression = expressionList.find((x) => x.id === expressionId) ?? null;
  useEffect(() => {
    if (expressions.value && annotations.value && expressionId !== route.expressionId)
      navigate({ ...route, expressionId }, { replace: true });
  }, [expressions.value, annotations.value, expressionId, route, navigate]);
  const selectExpression = useCallback(
    (id: number | null) => navigate({ ...route, expressionId: id }, { replace: true }),
    [navigate, route],
  );

  const candidates = useLoad(expressionId === null ? null : `candidates/${expressionId}`, () =>
    client.call('candidates.list', { expressionId: expressionId as number }),
  );
  // Methods store candidates from their own jobs: look again while there are none, and whenever a job finishes.
  const heatmaps = useLoad(expressionId === null ? null : `heatmaps/${expressionId}`, () =>
    client.call('heatmaps.list', { expressionId: expressionId as number }),
  );
  const { reload: reloadCandidates } = candidates;
  const { reload: reloadHeatmaps } = heatmaps;
  const noCandidates = candidates.value?.length === 0;
  useEffect(() => {
    if (!noCandidates) return;
    const timer = setInterval(() => {
      reloadCandidates();
      reloadHeatmaps();
    }, CANDIDATE_POLL_MS);
    return () => clearInterval(timer);
  }, [noCandidates, reloadCandidates, reloadHeatmaps]);
  useEffect(() => {
    const subscription = client.on('job.progress', (job) => {
      if (job.state !== 'done') return;
      reloadCandidates();
      reloadHeatmaps();
    });
    return () => subscription.unsubscribe();
  }, [client, reloadCandidates, reloadHeatmaps]);

  const proposalSets = useLoad(`proposals/${imageId}`, () => client.call('proposals.list', { imageId }));
  const { reload: reloadProposals } = proposalSets;
  // A run announces each method as its candidates are stored: show them at once, not when the run ends.
  const predictions = usePredictions(client, imageId, (storedFor) => {
    reloadProposals();
    if (storedFor !== expressionId) return;
    reloadCandidates();
    reloadHeatmaps();
  });

  const columns = useMemo(() => columnsOf(candidates.value ?? []), [candidates.value]);
  const order = useMemo(() => readingOrder(columns), [columns]);

  const { answer, saveState, undo, undoKnown, run, writer } = useAnswer({
    client,
    imageId,
    expressionId,
    annotations: annotationList,
    setAnnotations: annotations.set,
  });

  const [picked, setPicked] = useState<{ expressionId: number | null; candidateId: number | null } | null>(null);
  const selectedId =
    picked && picked.expressionId === expressionId ? picked.candidateId : initialCandidate(columns, answer);
  const selected = order.find((c) => c.id === selectedId) ?? null;
  const [hovered, setHovered] = useState<number | null>(null);
  const pick = useCallback((id: number | null) => setPicked({ expressionId, candidateId: id }), [expressionId]);

  const [tool, setTool] = useState<Tool>('pan');
  const [brushSize, setBrushSize] = useState(24);
  const [minIsland, setMinIsland] = useState(64);
  const [compare, setCompare] = useState(false);
  const [shownHeatmap, setShownHeatmap] = useState<{ method: string; kind: string } | null>(null);
  const [heatOpacity, setHeatOpacity] = useState(0.5);
  const [showOthers, setShowOthers] = useState(true);
  const [showProposals, setShowProposals] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [modelsOpen, setModelsOpen] = useState(false);
  const [stickyCategory, setStickyCategory] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [neighbourError, setNeighbourError] = useState<string | null>(null);
  const stageRef = useRef<StageHandle>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const record = image.value;
  const size = useMemo(() => ({ width: record?.width ?? 0, height: record?.height ?? 0 }), [record]);
  const { image: element, error: imageError } = useImageElement(
    record ? client.fileUrl(record.datasetId, record.path) : null,
  );

  // The mask being corrected, one per image; it follows the answer unless the user has painted past it.
  const session = useMemo(
    () => (size.width > 0 && size.height > 0 ? new EditSession(size.width, size.height, answerStyle(null)) : null),
    [size],
  );
  const answerCounts = answer?.mask.counts ?? null;
  const answerMask = answer?.mask ?? null;
  const answerStatus = answer?.status ?? null;
  useEffect(() => {
    if (!session) return;
    const mirror = session.mirror;
    const sameTarget = mirror !== null && mirror.expressionId === expressionId;
    if (sameTarget && mirror.counts === answerCounts && answerCounts !== null) {
      session.setStyle(answerStyle(answerStatus));
    } else if (sameTarget && answerCounts === null && mirror.local) {
      return;
    } else {
      session.follow(expressionId, answerMask);
      session.setStyle(answerStyle(answerStatus));
    }
    stageRef.current?.redrawEdit();
  }, [session, expressionId, answerCounts, answerMask, answerStatus]);

  const categoryId = answer ? answer.categoryId : stickyCategory;
  const columnIndex = useCallback((c: Candidate) => columns.findIndex((col) => col.method === c.method), [columns]);

  // Overlays: the other answers and ground truth, then the candidate previewed.
  const others = useMemo(() => {
    if (!record) return null;
    const gtOfExpression = expression?.groundTruthId ?? null;
    const layers = annotationList
      .filter((a) => a.id !== answer?.id && a.status !== 'rejected')
      .filter((a) => showOthers || a.id === gtOfExpression)
      .map((a) => ({ mask: a.mask, style: a.provenance === 'ground-truth' ? GROUND_TRUTH_STYLE : OTHER_ANSWER_STYLE }));
    return compositeCanvas(record.width, record.height, layers);
  }, [record, annotationList, answer?.id, showOthers, expression?.groundTruthId]);
  const previewCache = useMemo(() => new CanvasCache(6), []);
  const previewed =
    order.find((c) => c.id === hovered) ?? (selected && selected.id !== answer?.candidateId ? selected : null);
  const preview = useMemo(() => {
    if (!record || !previewed) return null;
    const color = methodColor(Math.max(0, columnIndex(previewed)));
    return previewCache.get(
      `${record.id}/${previewed.id}`,
      () =>
        compositeCanvas(record.width, record.height, [{ mask: previewed.mask, style: previewStyle(color) }]) ??
        document.createElement('canvas'),
    );
  }, [record, previewed, previewCache, columnIndex]);
  // The heat map shown is remembered by method and kind, so it stays on while stepping through expressions.
  const heatmapList = useMemo(() => heatmaps.value ?? [], [heatmaps.value]);
  const heatmap = heatmapList.find((h) => h.method === shownHeatmap?.method && h.kind === shownHeatmap?.kind) ?? null;
  const heatCache = useMemo(() => new CanvasCache(2), []);
  const heatCanvas = useMemo(
    () =>
      record && heatmap
        ? heatCache.get(`${record.id}/${heatmapKey(heatmap)}`, () =>
            heatmapCanvas(heatmap, record.width, record.height),
          )
        : null,
    [record, heatmap, heatCache],
  );
  const proposalSet = useMemo(
    () => pickProposalSet(proposalSets.value ?? [], predictions.preset),
    [proposalSets.value, predictions.preset],
  );
  const proposalCanvas = useMemo(
    () =>
      record && proposalSet && showProposals
        ? compositeCanvas(record.width, record.height, proposalLayers(proposalSet.proposals))
        : null,
    [record, proposalSet, showProposals],
  );
  const overlays: Overlay[] = [];
  if (proposalCanvas && proposalSet)
    overlays.push({ key: `proposals-${proposalSet.proposalSetId}`, canvas: proposalCanvas });
  if (others) overlays.push({ key: 'others', canvas: others });
  if (preview && previewed) overlays.push({ key: `preview-${previewed.id}`, canvas: preview });

  // Writes. Each goes through the answer's queue, so it sees what the previous one saved.
  const save = (input: Parameters<typeof client.call<'annotations.save'>>[1]) => client.call('annotations.save', input);
  const common = (current: Annotation | null) => ({
    imageId,
    expressionId,
    categoryId: current ? current.categoryId : categoryId,
  });

  const commitMask = (rle: Rle, base: Candidate | null) => {
    if (answer && answer.mask.counts === rle.counts) return;
    void run(async (current) => {
      if (current) {
        return save({
          ...common(current),
          id: current.id,
          mask: rle,
          status: 'accepted',
          provenance: savedProvenance(current),
        });
      }
      if (base) {
        const created = await save({
          ...common(null),
          mask: base.mask,
          candidateId: base.id,
          status: 'accepted',
          provenance: 'candidate',
        });
        if (created.mask.counts === rle.counts) return created;
        return save({ ...common(created), id: created.id, mask: rle, status: 'accepted', provenance: 'candidate' });
      }
      return save({ ...common(null), mask: rle, status: 'accepted', provenance: 'manual' });
    });
  };

  /** Before the first change: with no answer yet, the edit starts from the selected candidate's mask. */
  const beginEdit = (): boolean => {
    if (!session) return false;
    const mirror = session.mirror;
    if (!answer && !(mirror?.local && mirror.expressionId === expressionId)) {
      session.startLocal(expressionId, selected);
      session.setStyle(answerStyle(null));
      stageRef.current?.redrawEdit();
    }
    return true;
  };

  const commitSession = () => {
    if (!session) return;
    const rle = session.toRle();
    const base = order.find((c) => c.id === session.mirror?.base) ?? null;
    session.sent(rle.counts);
    commitMask(rle, base);
  };

  /** SAM's mask replaces the one being edited and is saved as the brush's strokes are. */
  const applySamMask = (mask: Rle) => {
    if (!session || !beginEdit()) return;
    session.load(mask);
    stageRef.current?.redrawEdit();
    commitSession();
  };
  const sam = useSamRefine(client, imageId, `${imageId}/${expressionId}`, applySamMask);
  // Without a SAM model a click could only fail: it opens the Models dialog instead.
  const samMissing = predictions.presets?.models.sam === null ? 'No SAM model is installed' : null;

  const onStrokeEnd = () => {
    if (session?.endStroke()) commitSession();
  };

  const onPolygon = (points: number[], mode: 'add' | 'subtract') => {
    if (!session) return;
    session.applyPolygon(points, mode);
    stageRef.current?.redrawEdit();
    commitSession();
  };

  const cleanUp = (what: 'holes' | 'islands') => {
    if (!session || !beginEdit()) return;
    const changed = what === 'holes' ? session.fillHoles() : session.removeIslands(minIsland);
    if (!changed) {
      setNotice(what === 'holes' ? 'No holes to fill.' : `No islands smaller than ${minIsland} px.`);
      return;
    }
    stageRef.current?.redrawEdit();
    commitSession();
  };

  const accept = (chosen: Candidate | null = selected) => {
    if (!expression && !answer) return setNotice('Add an expression first.');
    if (!chosen && !answer) return setNotice('Select a candidate or draw the mask first.');
    setNotice(null);
    void run(async (current) => {
      if (chosen && (!current || current.candidateId !== chosen.id)) {
        return save({
          ...common(current),
          ...(current
            ? { id: current.id, provenance: savedProvenance(current) }
            : { provenance: 'candidate' as const }),
          mask: chosen.mask,
          candidateId: chosen.id,
          status: 'accepted',
        });
      }
      if (current && current.status !== 'accepted')
        return client.call('annotations.setStatus', { annotationId: current.id, status: 'accepted' });
      return null;
    });
  };

  const reject = () => {
    const top = order[0] ?? null;
    if (!answer && !top) return setNotice('There are no candidates to reject.');
    setNotice(null);
    void run(async (current) => {
      if (current)
        return current.status === 'rejected'
          ? null
          : client.call('annotations.setStatus', { annotationId: current.id, status: 'rejected' });
      if (!top) return null;
      return save({
        ...common(null),
        mask: top.mask,
        candidateId: top.id,
        status: 'rejected',
        provenance: 'candidate',
      });
    });
  };

  const changeCategory = (id: number | null) => {
    setStickyCategory(id);
    if (!answer || answer.categoryId === id) return;
    void run(async (current) =>
      current
        ? save({
            ...common(current),
            categoryId: id,
            id: current.id,
            mask: current.mask,
            status: current.status,
            provenance: savedProvenance(current),
          })
        : null,
    );
  };

  const createCategory = async (name: string) => {
    try {
      const made = await client.call('categories.create', { datasetId, name });
      categories.set((list) => [...(list ?? []).filter((c) => c.id !== made.id), made]);
      changeCategory(made.id);
    } catch (e) {
      setNotice(errorMessage(e));
    }
  };

  const history = (direction: 'undo' | 'redo') => {
    const possible = direction === 'undo' ? undo.undoTo : undo.redoTo;
    // A key pressed right after a save may arrive before the new version's undo state has loaded: then the server,
    // which always knows, decides rather than a stale "nothing to undo".
    if (possible === null && undoKnown && !writer.busy) return setNotice(`Nothing to ${direction}.`);
    setNotice(null);
    void run(async (current) =>
      current
        ? (
            await client.call(direction === 'undo' ? 'annotations.undo' : 'annotations.redo', {
              annotationId: current.id,
            })
          ).annotation
        : null,
    );
  };

  const canPredict = predictions.methods.length > 0 && predictions.presets !== undefined && !predictions.missing;
  const runPredictions = (id: number) => {
    if (predictions.busy) return setNotice('The methods are still running; wait for them to finish.');
    setNotice(null);
    void predictions.start(id);
  };

  const createExpression = async (text: string) => {
    try {
      // The same text again is the same expression: its candidates are predicted anew, not duplicated.
      const existing = expressionList.find((x) => x.text === text.trim());
      const made = existing ?? (await client.call('expressions.create', { imageId, text }));
      if (!existing) expressions.set((list) => [...(list ?? []), made]);
      selectExpression(made.id);
      // Deciding starts at once: A, R and the arrows work without leaving the field first.
      inputRef.current?.blur();
      if (canPredict) runPredictions(made.id);
    } catch (e) {
      setNotice(errorMessage(e));
    }
  };

  const goImage = async (step: 1 | -1) => {
    if (at === null) return setNotice('Open the image from the grid to step through images.');
    setNeighbourError(null);
    try {
      const next = await neighbourImage(client, { datasetId, filter, imageId, at }, step);
      if (next)
        navigate({ page: 'workspace', datasetId, filter, imageId: next.imageId, at: next.at, expressionId: null });
      else setNotice(step > 0 ? 'This is the last image.' : 'This is the first image.');
    } catch (e) {
      setNeighbourError(errorMessage(e));
    }
  };

  const chooseTool = (next: Tool) => {
    setTool(next);
    setCompare(false);
  };

  useHotkeys({
    enter: () => {
      if (isPolygonTool(tool) && stageRef.current?.closePolygon()) return;
      accept();
    },
    a: () => accept(),
    r: reject,
    j: () =>
      selectExpression(
        stepId(
          expressionList.map((x) => x.id),
          expressionId,
          1,
        ),
      ),
    k: () =>
      selectExpression(
        stepId(
          expressionList.map((x) => x.id),
          expressionId,
          -1,
        ),
      ),
    arrowdown: () => pick(stepCandidate(order, selectedId, 1)),
    arrowup: () => pick(stepCandidate(order, selectedId, -1)),
    arrowright: () => void goImage(1),
    arrowleft: () => void goImage(-1),
    v: () => chooseTool('pan'),
    b: () => chooseTool('brush'),
    e: () => chooseTool('eraser'),
    p: () => chooseTool('polygon-add'),
    o: () => chooseTool('polygon-subtract'),
    '[': () => setBrushSize((s) => stepBrush(s, -1)),
    ']': () => setBrushSize((s) => stepBrush(s, 1)),
    h: () => cleanUp('holes'),
    i: () => cleanUp('islands'),
    'mod+z': () => history('undo'),
    'mod+shift+z': () => history('redo'),
    'mod+y': () => history('redo'),
    f: () => stageRef.current?.fit(),
    '1': () => stageRef.current?.actualSize(),
    '+': () => stageRef.current?.zoom(1.25),
    '=': () => stageRef.current?.zoom(1.25),
    '-': () => stageRef.current?.zoom(0.8),
    c: () => setCompare((on) => !on && columns.length > 0),
    g: () => navigate({ page: 'browser', datasetId, filter }),
    '/': () => inputRef.current?.focus(),
    s: () => chooseTool('sam'),
    x: () => setShowProposals((on) => !on),
    escape: () => {
      if (stageRef.current?.cancelPolygon()) return;
      if (tool === 'sam' && sam.clear()) return;
      setCompare(false);
    },
  });

  // SAM encodes the next few images in the background, so refining there answers at once. Best effort: the
  // server may have no SAM model, and the annotator must not hear about it here.
  const samReady = Boolean(predictions.presets?.models.sam);
  useEffect(() => {
    if (!samReady || at === null) return;
    let live = true;
    upcomingImages(client, { datasetId, filter, imageId, at }, PREPARE_AHEAD)
      .then((imageIds) => (live && imageIds.length ? client.call('sam.prepare', { imageIds }) : null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, samReady, datasetId, filter, imageId, at]);

  const loadError = image.error ?? expressions.error ?? annotations.error ?? imageError ?? neighbourError;
  return (
    <div className="page workspace" data-testid="workspace">
      <div className="ws-topbar">
        <button
          onClick={() => navigate({ page: 'browser', datasetId, filter })}
          title="Back to the grid (G)"
          data-testid="back-to-grid"
        >
          ‹ {dataset.value?.name ?? 'Grid'}
        </button>
        <span className="image-path" title={record?.path} data-testid="image-path">
          {record?.path ?? '…'}
        </span>
        {record && (
          <span className="muted small">
            {formatCount(record.width)}×{formatCount(record.height)}
            {at !== null && ` · #${formatCount(at + 1)}`}
          </span>
        )}
        <span className="grow" />
        <SaveIndicator state={saveState} />
        <button
          onClick={() => history('undo')}
          disabled={undo.undoTo === null}
          title="Undo (Ctrl+Z)"
          data-testid="undo"
        >
          Undo
        </button>
        <button
          onClick={() => history('redo')}
          disabled={undo.redoTo === null}
          title="Redo (Ctrl+Shift+Z)"
          data-testid="redo"
        >
          Redo
        </button>
        <span className="separator" />
        <button
          onClick={() => void goImage(-1)}
          disabled={at === null}
          title="Previous image (←)"
          data-testid="prev-image"
        >
          ‹ Prev
        </button>
        <button onClick={() => void goImage(1)} disabled={at === null} title="Next image (→)" data-testid="next-image">
          Next ›
        </button>
      </div>
      <div className="ws-body">
        <aside className="ws-left">
          <ExpressionPanel
            inputRef={inputRef}
            expressions={expressionList}
            annotations={annotationList}
            selectedId={expressionId}
            onSelect={selectExpression}
            onCreate={createExpression}
            submitLabel={canPredict ? 'Run' : 'Add'}
            onRunSelected={expressionId !== null && canPredict ? () => runPredictions(expressionId) : null}
            controls={
              <PredictBar
                methods={predictions.methods}
                onMethods={predictions.setMethods}
                preset={predictions.preset}
                onPreset={predictions.setPreset}
                missing={predictions.missing}
                presetsError={predictions.presetsError}
                run={predictions.run}
                overrides={overrideCount(predictions.overrides)}
                onSettings={() => setSettingsOpen(true)}
                onModels={() => setModelsOpen(true)}
              />
            }
          />
          <section className="panel answer">
            <CategoryPicker
              categories={categories.value ?? []}
              value={categoryId}
              onChange={changeCategory}
              onCreate={createCategory}
            />
            <AnswerInfo answer={answer} candidates={order} />
          </section>
        </aside>
        <div className="ws-center">
          <CorrectionToolbar
            tool={tool}
            onTool={chooseTool}
            brushSize={brushSize}
            onBrushSize={setBrushSize}
            minIsland={minIsland}
            onMinIsland={setMinIsland}
            onFillHoles={() => cleanUp('holes')}
            onRemoveIslands={() => cleanUp('islands')}
            sam={sam}
            samMissing={samMissing}
          />
          <div className="stage-area">
            {compare ? (
              <CompareView
                image={element}
                size={size}
                columns={columns}
                selectedId={selectedId}
                onSelect={(c) => pick(c.id)}
                onAccept={() => accept()}
              />
            ) : (
              <ImageStage
                handle={stageRef}
                image={element}
                size={size}
                overlays={overlays}
                heat={heatCanvas ? { canvas: heatCanvas, opacity: heatOpacity } : null}
                session={session}
                showEdit
                tool={tool}
                brushSize={brushSize}
                polygonColor={tool === 'polygon-subtract' ? '#ef4444' : '#22c55e'}
                onEditStart={beginEdit}
                onStrokeEnd={onStrokeEnd}
                onPolygon={onPolygon}
                samPrompt={sam.prompt}
                onSamGesture={samMissing ? () => setModelsOpen(true) : sam.add}
              />
            )}
            <ViewControls
              onFit={() => stageRef.current?.fit()}
              onActualSize={() => stageRef.current?.actualSize()}
              showOthers={showOthers}
              onShowOthers={setShowOthers}
              compare={compare}
              onCompare={() => setCompare((on) => !on && columns.length > 0)}
              canCompare={columns.length > 0}
              showProposals={showProposals}
              onShowProposals={setShowProposals}
              proposalCount={proposalSet ? proposalSet.proposals.length : proposalSets.value ? 0 : null}
            />
          </div>
          <div className="ws-status" aria-live="polite">
            {loadError && <span className="error">{loadError}</span>}
            {proposalSets.error && showProposals && <span className="error">{proposalSets.error}</span>}
            {notice && !loadError && (
              <span className="muted" data-testid="notice">
                {notice}
              </span>
            )}
          </div>
        </div>
        <aside className="ws-right">
          <CandidatesPanel
            expression={expression}
            columns={columns}
            loading={candidates.loading}
            error={candidates.error}
            image={element}
            selectedId={selectedId}
            answer={answer}
            onSelect={(c) => pick(c.id)}
            onHover={(c) => setHovered(c?.id ?? null)}
            onAccept={accept}
            onReject={reject}
            predicting={predictions.busy && predictions.run?.expressionId === expressionId}
          />
          <HeatmapControls
            heatmaps={heatmapList}
            shownId={heatmap?.id ?? null}
            onShow={(id) => {
              const chosen = heatmapList.find((h) => h.id === id);
              setShownHeatmap(chosen ? { method: chosen.method, kind: chosen.kind } : null);
            }}
            opacity={heatOpacity}
            onOpacity={setHeatOpacity}
          />
        </aside>
      </div>
      {settingsOpen && (
        <MethodSettings
          presets={predictions.presets}
          error={predictions.presetsError}
          chosen={predictions.methods}
          preset={predictions.preset}
          overrides={predictions.overrides}
          onOverrides={predictions.setOverrides}
          onClose={() => setSettingsOpen(false)}
        />
      )}
      {modelsOpen && (
        <ModelsDialog
          onClose={() => {
            setModelsOpen(false);
            // Models may have been installed meanwhile.
            predictions.reloadPresets();
          }}
        />
      )}
    </div>
  );
}

function SaveIndicator({ state }: { state: ReturnType<typeof useAnswer>['saveState'] }) {
  const text =
    state.kind === 'saving'
      ? 'Saving…'
      : state.kind === 'saved'
        ? `Saved (version ${state.version})`
        : state.kind === 'error'
          ? `Not saved: ${state.message}`
          : 'All changes saved';
  return (
    <span className={`save-state ${state.kind}`} data-testid="save-state" data-state={state.kind} role="status">
      {text}
    </span>
  );
}
