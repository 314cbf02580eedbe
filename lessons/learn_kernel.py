"""Learn a kernel (D2L §7.2.4): gradient descent finds the kernel that turned X into Y."""

import time

import numpy as np
import streamlit as st

from conv_core import (
    LIVE_STEPS,
    OPTIMIZERS,
    TARGETS,
    LiveRun,
    RunConfig,
    best_kernel,
    corr2d,
    format_number,
    learn_kernel,
    loss_surface,
    sgd_lr_limit,
    training_pair,
)
from ui.heatmap import show_matrix
from ui.i18n import current_language, t
from ui.learn_code import BOOK_LR, BOOK_STEPS, book_code, book_output
from ui.learning_charts import live_figure
from ui.shell import classroom_mode, figure_font_size
from ui.url_state import write_param

LEARNING_RATES = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 3.5e-2, 4e-2)
LEARNING_RATES += (5e-2, 0.1, 0.2, 0.5, 1.0)
DEFAULT_LR = {"book_edge": 3e-2}  # the book's; the 3×3 targets on the picture need smaller steps
DEFAULT_LR_PICTURE = 2e-3
SPEEDS = (1, 2, 5, 10, 25)  # steps per update
DEFAULT_SPEED = {"book_edge": 1}
DEFAULT_SPEED_PICTURE = 5
TICK_SECONDS = 0.1  # ten updates a second while playing
FRAMES_PER_RUN = 6  # more frames per run: a faster view, but a slower Pause
SEED_MAX = 2**31 - 1
SURFACE_POINTS = 81
RUN_KEY = "lk_run"
PLAYING_KEY = "lk_playing"
SPEED_KEY = "lk_speed"


def _lr_text(lr: float) -> str:
    return f"{lr:g}"


def _target_labels() -> dict[str, str]:
    return {
        "book_edge": t("learn_kernel.target_book_edge"),
        "sobel_x": t("learn_kernel.target_sobel_x"),
        "d2l_edge": t("learn_kernel.target_d2l_edge"),
        "box_blur": t("learn_kernel.target_box_blur"),
    }


def _optimizer_labels() -> dict[str, str]:
    return {
        "sgd": t("learn_kernel.optimizer_sgd"),
        "momentum": t("learn_kernel.optimizer_momentum"),
        "adam": t("learn_kernel.optimizer_adam"),
    }


@st.cache_data(max_entries=8)
def _surface(target: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """The loss over a grid of (w1, w2) around the lowest point, and that point; once a target."""
    pair = training_pair(target)
    best, _ = best_kernel(pair.X, pair.Y, pair.K.shape)
    centre = best.flatten().tolist()
    w1 = np.linspace(centre[0] - 2.5, centre[0] + 2.5, SURFACE_POINTS)
    w2 = np.linspace(centre[1] - 2.5, centre[1] + 2.5, SURFACE_POINTS)
    losses = loss_surface(pair.X, pair.Y, pair.K.shape, w1, w2).numpy()
    # float32: half the bytes sent to the browser with every frame
    return w1, w2, losses.astype(np.float32), centre


def _seed_input(container, label: str, help_text: str, **options) -> int:
    """A whole-number seed from 0 up."""
    return container.number_input(
        label, min_value=0, max_value=SEED_MAX, value=0, step=1, help=help_text, **options
    )


def _book_section(classroom: bool, font_size: int) -> None:
    st.header(t("learn_kernel.book_heading"))
    st.markdown(t("learn_kernel.book_intro"))
    pair = training_pair("book_edge")
    x_col, y_col = st.columns([8, 7])
    with x_col:
        st.markdown(f"**{t('learn_kernel.book_x')}**")
        show_matrix(pair.X, name="X", key="lk_book_x", font_size=font_size, max_px=400)
    with y_col:
        st.markdown(f"**{t('learn_kernel.book_y')}**")
        show_matrix(pair.Y, name="Y", key="lk_book_y", font_size=font_size, max_px=350)

    seed = 0
    if not classroom:
        seed = _seed_input(
            st.columns([1, 2])[0],
            t("learn_kernel.book_seed"),
            t("learn_kernel.book_seed_help"),
            key="lk_book_seed",
        )
    records = list(
        learn_kernel(
            pair.X, pair.Y, (1, 2), lr=BOOK_LR, steps=BOOK_STEPS, optimizer="sgd", seed=seed
        )
    )
    code_col, output_col = st.columns([3, 2])
    with code_col:
        st.markdown(f"**{t('learn_kernel.code_label')}**")
        st.code(book_code(seed), language="python", wrap_lines=True)
    with output_col:
        st.markdown(f"**{t('learn_kernel.output_label')}**")
        st.code(book_output(records), language=None)
        w1, w2 = records[-1].weight.flatten().tolist()
        start = records[0].weight_before.flatten().tolist()
        st.success(
            t(
                "learn_kernel.book_result",
                start=f"[{format_number(start[0])}, {format_number(start[1])}]",
                w1=format_number(w1),
                w2=format_number(w2),
            ),
            icon=":material/check_circle:",
        )
        st.markdown(t("learn_kernel.book_why"))


def _on_target_change(key: str) -> None:
    target = st.session_state[key]
    st.session_state["lr"] = DEFAULT_LR.get(target, DEFAULT_LR_PICTURE)
    st.session_state[SPEED_KEY] = DEFAULT_SPEED.get(target, DEFAULT_SPEED_PICTURE)


def _settings(classroom: bool) -> RunConfig:
    """Target, learning rate, optimizer and seed (all four in the URL); speed, not shared."""
    columns = st.columns([3, 3, 3, 2] if not classroom else [1, 1, 1])
    target_key = _choice_key("target", TARGETS, "book_edge")
    target = columns[0].selectbox(
        t("learn_kernel.target"),
        options=list(TARGETS),
        format_func=_target_labels().get,
        key=target_key,
        on_change=_on_target_change,
        args=(target_key,),
    )
    if "lr" not in st.session_state and st.query_params.get("lr") not in map(
        _lr_text, LEARNING_RATES
    ):
        st.session_state["lr"] = DEFAULT_LR.get(target, DEFAULT_LR_PICTURE)
    lr = columns[1].select_slider(
        t("learn_kernel.lr"),
        options=LEARNING_RATES,
        format_func=_lr_text,
        key="lr",
        bind="query-params",
        help=t("learn_kernel.lr_help"),
    )
    optimizer = columns[2].segmented_control(
        t("learn_kernel.optimizer"),
        options=list(OPTIMIZERS),
        format_func=_optimizer_labels().get,
        required=True,
        key=_choice_key("optimizer", OPTIMIZERS, "sgd"),
        help=t("learn_kernel.optimizer_help"),
    )
    seed = 0
    if not classroom:
        seed = _seed_input(
            columns[3],
            t("learn_kernel.seed"),
            t("learn_kernel.seed_help"),
            key="seed",
            bind="query-params",
        )
    for name, value, default in (("target", target, "book_edge"), ("optimizer", optimizer, "sgd")):
        st.session_state[f"lk_{name}"] = value  # kept across a change of language
        write_param(name, value, default)
    return RunConfig(target, float(lr), optimizer, int(seed))


def _choice_key(name: str, options, default: str) -> str:
    """The key of the widget that chooses `name`, one per language, with its first value.

    A select widget remembers its choice by the label shown, and the labels change with the
    language: each language gets its own widget, started from the last choice, else from the
    URL (which holds the name, not the label), else from `default`.
    """
    key = f"lk_{name}_{current_language()}"
    if key not in st.session_state:
        value = st.session_state.get(f"lk_{name}", st.query_params.get(name))
        st.session_state[key] = value if value in options else default
    return key


def _start(config: RunConfig) -> None:
    st.session_state[RUN_KEY] = LiveRun(config)


def _toggle_play() -> None:
    run = st.session_state[RUN_KEY]
    if run.status != "running":  # Play after the end starts again from the beginning
        _start(run.config)
    st.session_state[PLAYING_KEY] = not st.session_state[PLAYING_KEY]


def _step_once() -> None:
    st.session_state[PLAYING_KEY] = False
    st.session_state[RUN_KEY].advance(1)


def _reset() -> None:
    st.session_state[PLAYING_KEY] = False
    _start(st.session_state[RUN_KEY].config)


def _status(run: LiveRun, lr_limit: float) -> None:
    if run.status == "diverged":
        st.error(
            t(
                "learn_kernel.diverged",
                step=run.steps_taken,
                first=f"{run.losses[0]:.3g}",
                last=f"{run.loss:.3g}",
                lr=_lr_text(run.config.lr),
            ),
            icon=":material/trending_up:",
        )
        if run.config.optimizer == "sgd":
            st.info(
                t("learn_kernel.diverged_sgd", limit=f"{lr_limit:.3g}"), icon=":material/lightbulb:"
            )
    elif run.status == "converged":
        st.success(
            t("learn_kernel.converged", step=run.steps_taken), icon=":material/check_circle:"
        )
    elif run.status == "finished":
        st.info(t("learn_kernel.finished", step=run.steps_taken), icon=":material/flag:")


def _live_section(classroom: bool, font_size: int) -> None:
    st.header(t("learn_kernel.live_heading"))
    st.markdown(t("learn_kernel.live_intro"))
    config = _settings(classroom)
    pair = training_pair(config.target)
    lr_limit = sgd_lr_limit(pair.X, pair.K.shape)
    st.caption(t("learn_kernel.lr_limit", limit=f"{lr_limit:.3g}"))
    if SPEED_KEY not in st.session_state:
        st.session_state[SPEED_KEY] = DEFAULT_SPEED.get(config.target, DEFAULT_SPEED_PICTURE)
    if not classroom:
        st.columns([1, 2])[0].select_slider(
            t("learn_kernel.speed"),
            options=SPEEDS,
            key=SPEED_KEY,
            help=t("learn_kernel.speed_help"),
        )
    speed = st.session_state[SPEED_KEY]
    if PLAYING_KEY not in st.session_state:
        st.session_state[PLAYING_KEY] = False
    run = st.session_state.get(RUN_KEY)
    if run is None or run.config != config:  # a new setting starts a new run
        _start(config)

    panels = [(t("learn_kernel.kernel_target"), pair.K, "lk_kernel_target", 220)]
    if config.target != "book_edge":
        st.markdown(t("learn_kernel.picture_intro"))
        panels = [
            (t("learn_kernel.picture_x"), pair.X, "lk_pic_x", 300),
            (t("learn_kernel.picture_y"), pair.Y, "lk_pic_y", 300),
            *panels,
        ]
    # What the run aims at is drawn once, outside the part that reruns ten times a second.
    for column, (label, M, key, max_px) in zip(st.columns(3), panels, strict=False):
        with column:
            st.markdown(f"**{label}**")
            show_matrix(M, name=label, key=key, font_size=font_size, max_px=max_px)

    playing = st.session_state[PLAYING_KEY]

    # While playing, the fragment reruns by itself and each run shows FRAMES_PER_RUN frames,
    # TICK_SECONDS apart: a fragment rerun costs far more than a frame, so this is what keeps
    # ten updates a second. Paused, it waits for a click.
    @st.fragment(run_every=TICK_SECONDS if playing else None)
    def live_view() -> None:
        run: LiveRun = st.session_state[RUN_KEY]
        playing_now = st.session_state[PLAYING_KEY]
        play_col, step_col, reset_col = st.columns(3)
        if play_col.button(
            t("learn_kernel.pause") if playing_now else t("learn_kernel.play"),
            key="lk_play",
            icon=":material/pause:" if playing_now else ":material/play_arrow:",
            on_click=_toggle_play,
            width="stretch",
            type="primary",
        ):
            st.rerun()  # the whole page, so the fragment's timer starts or stops
        step_col.button(
            t("learn_kernel.step"),
            key="lk_step",
            icon=":material/skip_next:",
            on_click=_step_once,
            disabled=run.status != "running",
            width="stretch",
        )
        if (
            reset_col.button(
                t("learn_kernel.reset"),
                key="lk_reset",
                icon=":material/restart_alt:",
                on_click=_reset,
                width="stretch",
            )
            and playing_now
        ):
            st.rerun()
        frame_slot = st.empty()
        start = time.monotonic()
        for frame in range(FRAMES_PER_RUN if playing_now else 1):
            if playing_now:
                time.sleep(max(0.0, start + frame * TICK_SECONDS - time.monotonic()))
                run.advance(speed)
            with frame_slot.container():
                _draw_frame(run, lr_limit, classroom, font_size, key=f"lk_live_{frame}")
            if playing_now and run.status != "running":  # stop, and rerun to stop the timer
                st.session_state[PLAYING_KEY] = False
                st.rerun()

    live_view()


def _draw_frame(run: LiveRun, lr_limit: float, classroom: bool, font_size: int, key: str) -> None:
    """One frame of the live view: where the run is, and its charts."""
    step_metric, loss_metric = st.columns(2)
    step_metric.metric(t("learn_kernel.steps_taken"), f"{run.steps_taken} / {LIVE_STEPS}")
    loss_metric.metric(t("learn_kernel.loss_now"), f"{run.loss:.4g}")
    _status(run, lr_limit)
    pair = run.pair
    steps = list(range(run.steps_taken + 1))
    rows, cols = pair.K.shape
    labels = [f"K[{i}, {j}]" for i in range(rows) for j in range(cols)]
    weights = [w.flatten().tolist() for w in run.weights]
    surface = prediction = None
    if rows * cols == 2:
        surface = _surface(run.config.target)
    else:
        bound = float(pair.Y.abs().max())
        prediction = (corr2d(pair.X, run.kernel).numpy(), bound)
    titles = {
        "kernel": t("learn_kernel.kernel_now"),
        "loss": t("learn_kernel.loss_chart"),
        "map": t("learn_kernel.surface_chart") if surface else t("learn_kernel.prediction"),
        "weights": t("learn_kernel.weights_chart"),
    }
    figure = live_figure(
        kernel=run.kernel.numpy(),
        steps=steps,
        losses=run.losses,
        weights=weights,
        target=pair.K.flatten().tolist(),
        labels=labels,
        titles=titles,
        font_size=font_size,
        surface=surface,
        prediction=prediction,
    )
    st.plotly_chart(
        figure, key=key, config={"displayModeBar": False}, alt=t("learn_kernel.live_alt")
    )
    st.code(
        "K = "
        + np.array2string(run.kernel.numpy(), precision=4, separator=", ", suppress_small=True),
        language=None,
    )
    if surface:
        st.caption(t("learn_kernel.surface_caption"))
    if not classroom and not st.session_state[PLAYING_KEY]:  # a long table is slow to resend
        with st.expander(t("learn_kernel.history")):
            st.dataframe(
                {
                    t("learn_kernel.history_step"): steps,
                    t("learn_kernel.history_loss"): [f"{loss:.6g}" for loss in run.losses],
                    **{label: [round(w[i], 6) for w in weights] for i, label in enumerate(labels)},
                },
                hide_index=True,
                height=240,
            )


def draw_learn_kernel() -> None:
    """The book's experiment, then the same experiment live, then 3×3 kernels from a picture."""
    classroom, font_size = classroom_mode(), figure_font_size()
    st.title(t("learn_kernel.title"))
    st.markdown(t("learn_kernel.intro"))
    _book_section(classroom, font_size)
    st.divider()
    _live_section(classroom, font_size)


draw_learn_kernel()
