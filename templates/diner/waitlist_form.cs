<?cs # waitlist_form.cs: "Notify me" on the restaurant page: wait for a table on the date and party shown ?>
   <details class="waitlist-form" id="notify"<?cs if:Page.Waitlist.Open || Query.notify || !subcount(Page.Book.Times) ?> open<?cs /if ?>>
    <summary>Is the time you want full? Notify me when a table frees up</summary>
    <form method="post" action="/r/<?cs var:Page.R.Slug ?>/waitlist#notify">
     <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
     <input type="hidden" name="date" value="<?cs var:Page.Book.Date ?>">
     <input type="hidden" name="party" value="<?cs var:Page.Book.Party ?>">
     <?cs call:field_error(Form.Waitlist.date) ?><?cs call:field_error(Form.Waitlist.party) ?>
     <p class="muted">On <?cs var:Page.Book.Date ?> for <?cs var:Page.Book.Party ?>: the first table that frees up with a start time in your window is held for you for a few minutes, and we write to you.</p>
     <div class="field"><label for="w-from">From</label><input id="w-from" type="time" name="from" value="<?cs var:Query.from ?><?cs if:!Query.from ?><?cs var:Query.time ?><?cs /if ?>" required><?cs call:field_error(Form.Waitlist.from) ?></div>
     <div class="field"><label for="w-to">To</label><input id="w-to" type="time" name="to" value="<?cs var:Query.to ?>"><?cs call:field_error(Form.Waitlist.to) ?></div>
     <?cs if:Session.User.Name ?>
     <p class="muted">We will write to your account's address.</p>
     <?cs else ?>
     <div class="field"><label for="w-name">Name</label><input id="w-name" name="name" value="<?cs var:Query.name ?>" maxlength="100" required><?cs call:field_error(Form.Waitlist.name) ?></div>
     <div class="field"><label for="w-email">Email</label><input id="w-email" type="email" name="email" value="<?cs var:Query.email ?>" maxlength="254" required><?cs call:field_error(Form.Waitlist.email) ?></div>
     <?cs /if ?>
     <?cs if:Form.Waitlist.email && Session.User.Name ?><?cs call:field_error(Form.Waitlist.email) ?><?cs /if ?>
     <div class="field field-submit"><button type="submit" id="notify-me">Notify me</button></div>
    </form>
   </details>
