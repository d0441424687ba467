"""The PySide6 desktop GUI: the only code that imports Qt. One module per window or dialog;
`main.run_gui(ctx)` starts it. The window calls `app.core.Core` off the GUI thread through
`tasks.TaskManager`; core events arrive through `event_bridge.EventBridge` and are routed by
their class in `window_events`."""
