"""The PySide6 desktop GUI: the only code that imports Qt. One module per window or dialog;
`main.run_gui(ctx)` starts it. Core work runs off the GUI thread through `tasks.TaskManager`;
core events arrive through `event_bridge.EventBridge`."""
