<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuthorisationDialog</name>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="255"/>
        <location filename="../../counterdesk/ui/dialogs.py" line="257"/>
        <source>Supervisor authorisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="259"/>
        <source>A supervisor other than the teller must authorise:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="272"/>
        <source>Supervisor&apos;s staff number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="292"/>
        <source>Authorise</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChecklistWidget</name>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="474"/>
        <source>No customer at the counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="558"/>
        <source>v{version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="561"/>
        <source>{done} of {total} done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="608"/>
        <source>Welcome! Please wait for your number.</source>
        <extracomment>Buttons whose texts share one size (a row of levels looks even); self included.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="611"/>
        <source>Welcome! I am glad to serve you today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="613"/>
        <source>Staff No. {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="618"/>
        <source>Now serving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="619"/>
        <source>Service paused — please wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="620"/>
        <source>How satisfied are you with this service?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="621"/>
        <source>What could we do better? Tap all that apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="622"/>
        <source>Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="623"/>
        <location filename="../../counterdesk/ui/customer_window.py" line="624"/>
        <source>Skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="625"/>
        <source>Thank you for your feedback</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FinishOverrideDialog</name>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="319"/>
        <source>Finish with steps open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="322"/>
        <source>Mandatory steps are still open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="339"/>
        <source>Why the service ends without them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="340"/>
        <source>Supervisor&apos;s staff number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="343"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="372"/>
        <source>Finish anyway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="396"/>
        <source>Pause the counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="398"/>
        <source>Why is the counter pausing?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="405"/>
        <source>Say why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="427"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../counterdesk/ui/queue_model.py" line="24"/>
        <source>Business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/queue_model.py" line="25"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/queue_model.py" line="26"/>
        <source>Longest wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/queue_model.py" line="27"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="634"/>
        <source>Counter {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="638"/>
        <source>Sign in to open the counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="643"/>
        <source>Staff number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="649"/>
        <location filename="../../counterdesk/ui/dialogs.py" line="689"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="689"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StarRating</name>
    <message>
        <location filename="../../counterdesk/ui/customer_window.py" line="79"/>
        <source>{stars} of 5 stars</source>
        <extracomment>Smallest height of a score button: a comfortable target for a finger. Reasons in the order they are offered; a reason&apos;s button id is its index here.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SwitchTypeDialog</name>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="558"/>
        <location filename="../../counterdesk/ui/dialogs.py" line="560"/>
        <source>Switch business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="564"/>
        <source>Now: {name}. The checklist restarts with the new business.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="588"/>
        <source>Switch</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TellerWindow</name>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="311"/>
        <source>counterdesk — counter %1</source>
        <extracomment>Total waiting customers at which the lobby manager is alerted.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="312"/>
        <source>Counter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="314"/>
        <source>Call next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="315"/>
        <source>Recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="316"/>
        <source>No-show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="317"/>
        <source>Start service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="318"/>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="319"/>
        <source>Hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="320"/>
        <source>Switch business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="321"/>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="322"/>
        <source>Resume held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="323"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="329"/>
        <source>Held customers (F10 resumes the selected one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="330"/>
        <source>Queue now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="356"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="356"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="387"/>
        <source>Served today: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="389"/>
        <source>Average service: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="392"/>
        <source>Mean rating today: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="422"/>
        <source>Paused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="423"/>
        <source>Press F9 to resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="427"/>
        <source>No customer at the counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="428"/>
        <source>Press F1 to call the next customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="443"/>
        <source>called</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="444"/>
        <source>being served</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="445"/>
        <source>held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="447"/>
        <source>Waited %1 · called %2× · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="452"/>
        <source>in service %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="462"/>
        <source>%1 customers waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="465"/>
        <source>over target: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="466"/>
        <source>Queue alert — </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="474"/>
        <source>Queue: connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="474"/>
        <source>Queue: NOT CONNECTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="483"/>
        <source>Something went wrong; the action was not done. Details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="509"/>
        <source>Cannot finish: these mandatory steps are still open: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="547"/>
        <source>Lunch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="548"/>
        <source>Meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="549"/>
        <source>Cash replenishment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="550"/>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/teller_window.py" line="551"/>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="486"/>
        <location filename="../../counterdesk/ui/dialogs.py" line="488"/>
        <source>Transfer the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="491"/>
        <source>The customer keeps the ticket number. Choose a business, a counter or both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="503"/>
        <source>Same business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="508"/>
        <source>Any counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="510"/>
        <source>Counter {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="511"/>
        <source>&amp;Business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="512"/>
        <source>&amp;Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="517"/>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_CredentialFields</name>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="124"/>
        <source>PIN</source>
        <extracomment>The pause reason key that asks for the teller&apos;s own words.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_StepRow</name>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="132"/>
        <source>Uncheck</source>
        <extracomment>Colours shared by the rows; the red and grey match the dialogs.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="132"/>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="174"/>
        <source>Authorised by {staff_no}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="200"/>
        <location filename="../../counterdesk/ui/checklist.py" line="201"/>
        <source>Mandatory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="215"/>
        <location filename="../../counterdesk/ui/checklist.py" line="216"/>
        <source>Needs a supervisor&apos;s authorisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="233"/>
        <source>Time this step took</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="244"/>
        <source>{label}: choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="258"/>
        <source>{label} ({currency})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/checklist.py" line="292"/>
        <source>{label}: {value}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_VerifyingDialog</name>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="222"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/dialogs.py" line="225"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
