"""conv_core: the mathematics of Conv Lab, on torch. Imports neither streamlit nor plotly.

Follows D2L §7.1–7.4 ("From Fully Connected Layers to Convolutions", "Convolutions for
Images" with its feature maps and receptive fields, "Padding and Stride", "Multiple Input
and Multiple Output Channels"); names follow the book: X, K, Y.

The public API is what this file imports, listed here once; the submodules are not part of it.
"""

import types

from conv_core import _openmp  # first: before anything imports torch
from conv_core.busy import threads_for_the_machine
from conv_core.capacity import (
    DerivationCounts,
    LayerSizes,
    LocalityWindow,
    derivation_parameter_counts,
    fc_vs_conv,
    format_bytes,
    image_size,
    locality_window,
)
from conv_core.channels import (
    ChannelSum,
    channel_sum,
    corr2d_multi_in,
    corr2d_multi_in_out,
    corr2d_multi_in_out_1x1,
)
from conv_core.correlation import (
    METHODS,
    conv2d,
    corr1d,
    corr2d,
    corr2d_book,
    corr3d,
    corr3d_slice,
    dilate,
    output_centres,
    output_shape,
    pad,
)
from conv_core.decoding import ALLOWED_FORMATS, decode_image
from conv_core.designed_kernels import (
    BLURS,
    DERIVATIVE_PARTS,
    MAX_BLUR_RADIUS,
    MAX_ORDER,
    blur_kernel,
    box_blur,
    derivative_kernel,
    direction,
    direction_kernel,
    gaussian_blur,
)
from conv_core.effective_receptive import FIELD_KERNELS, effective_field
from conv_core.equivariance import EquivarianceCheck, equivariance_check, equivariant_region, shift
from conv_core.examples.book import (
    book_example,
    diagonal_image,
    edge_image,
    edge_kernel,
    three_output_kernels,
    two_channel_example,
    two_layer_example,
)
from conv_core.examples.channels import (
    CHANNEL_KERNELS,
    LUMA,
    MIXINGS,
    channel_kernel,
    mixing,
)
from conv_core.examples.edge_experiment import (
    EDGE_IMAGES,
    EDGE_KERNELS,
    EdgeExperiment,
    edge_experiment,
)
from conv_core.examples.exercises import (
    DIAGONAL_CASES,
    EDGE_PATTERNS,
    INTEGRAL_SIGNALS,
    INTEGRAL_SPACINGS,
    POLYNOMIAL,
    SPACINGS,
    BookConv2D,
    DerivativeCheck,
    IntegralCheck,
    LayerTrial,
    NoteConv2D,
    NoteConv2DWithInit,
    derivative_check,
    diagonal_case,
    edge_pattern,
    integral_check,
    polynomial_text,
    try_layer,
)
from conv_core.examples.fc_to_conv import (
    BOOK,
    BYTES_PER_WEIGHT,
    CROWD,
    DENSE_KERNELS,
    LECTURE,
    LECTURE_KERNEL,
    LECTURE_WEIGHTS,
    PICTURE_KERNELS,
    PICTURE_MAX_SHIFT,
    PICTURE_PADDING,
    PICTURE_SIDE,
    WALDO_AT,
    counting_image,
    hiding_place,
    hiding_range,
    l_picture,
)
from conv_core.examples.samples import SAMPLES, sample_image
from conv_core.examples.signals import (
    SIGNAL_KERNELS,
    SIGNALS,
    VOLUME_KERNELS,
    VOLUMES,
    signal,
    signal_kernel,
    volume,
    volume_kernel,
)
from conv_core.examples.training_pairs import (
    BOOK_TARGET,
    LEARNING_RATES,
    TARGETS,
    TrainingPair,
    default_lr,
    picture,
    training_pair,
)
from conv_core.examples.waldo import crowd_scene, waldo_pattern
from conv_core.fast import MethodChoice, auto_method
from conv_core.images import (
    DISPLAY_MODES,
    preview,
    preview_and_range,
    preview_peaks,
    rgb_preview,
    to_display,
    to_gray,
    to_rgb,
    to_uint8,
)
from conv_core.inductive_bias import (
    BIAS_PATTERN,
    BIAS_SIZES,
    BiasScore,
    InductiveBias,
    PatternImages,
    inductive_bias_experiment,
    pattern_images,
)
from conv_core.kernels import KERNELS, keeps_brightness, kernel, same_padding
from conv_core.landscape import best_kernel, loss_grid, loss_surface, patch_matrix, sgd_lr_limit
from conv_core.layers import Conv2D
from conv_core.learning import OPTIMIZERS, StepRecord, learn_kernel
from conv_core.locally_connected import (
    PrincipleCounts,
    locally_connected2d,
    locally_connected_index,
    locally_connected_matrix,
    locally_connected_params,
    locally_connected_shift_check,
    weights_by_principle,
)
from conv_core.matching import best_match, match_template, paste, plain_match
from conv_core.padding_stride import (
    BOOK_SHAPES,
    ShapeExample,
    WindowPath,
    per_side_padding,
    size_settings,
    total_padding,
    use_counts,
    window_path,
)
from conv_core.receptive import (
    DepthRow,
    FieldTerm,
    Layer,
    ReceptiveWindow,
    Region,
    as_layers,
    feature_map_shapes,
    field_terms,
    growth_with_depth,
    paths_to_cell,
    receptive_field,
    receptive_window,
)
from conv_core.recorded_run import CONVERGED_LOSS, RUN_STEPS, RecordedRun, RunConfig, record_run
from conv_core.timing import LoopEstimate, MethodTimings, estimate_loop_seconds, time_methods, timed
from conv_core.validation import ConvInputError, as_matrix, as_pair, as_positive_int, as_tensor
from conv_core.weight_sharing import (
    MAX_DENSE_ENTRIES,
    MatrixRow,
    WeightUse,
    conv_matrix,
    dense_forward,
    matrix_row,
    unvec,
    vec,
    weight_index,
    weight_use,
)
from conv_core.windows import Window, Window3D, format_number, window, window3d

# Every name imported above, and nothing else: no submodule, no `types`.
__all__ = sorted(
    name
    for name, value in globals().items()
    if not name.startswith("_") and not isinstance(value, types.ModuleType)
)
